fn main() -> std::process::ExitCode {
    ci_sec::cli::main()
}

/// mimalloc instead of glibc's malloc: parsing thousands of files on several
/// threads made glibc grow its per-thread arenas with ~18,000 `mprotect`
/// calls per advisory import (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
