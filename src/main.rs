fn main() -> std::process::ExitCode {
    ci_sec::cli::main()
}
