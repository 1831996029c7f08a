// Differential-test oracle for src/matching/version/nuget.rs.
//
// Reads lines "HEX_A HEX_B" (each version as hex-encoded UTF-8) on stdin and
// prints one line per pair: "invalid" when NuGetVersion.TryParse rejects
// either version, else the sign of VersionComparer.Default.Compare(a, b).
// With "--version" prints the NuGet assembly version.
// Build: mcs -r:nuget.exe Compare.cs (nuget.exe from the npm package
// nuget-exe, which merges NuGet.Versioning); run with mono.
using System;
using System.IO;
using System.Text;
using NuGet.Versioning;

public static class Compare
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--version")
        {
            Console.WriteLine(typeof(NuGetVersion).Assembly.GetName().Version);
            return;
        }
        var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        output.NewLine = "\n";
        string line;
        while ((line = input.ReadLine()) != null)
        {
            var fields = line.Split(' ');
            var a = Unhex(fields[0]);
            var b = Unhex(fields.Length > 1 ? fields[1] : "");
            NuGetVersion va, vb;
            if (!NuGetVersion.TryParse(a, out va) || !NuGetVersion.TryParse(b, out vb))
            {
                output.WriteLine("invalid");
                continue;
            }
            output.WriteLine(Math.Sign(VersionComparer.Default.Compare(va, vb)));
        }
        output.Flush();
    }

    private static string Unhex(string h)
    {
        var bytes = new byte[h.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = Convert.ToByte(h.Substring(2 * i, 2), 16);
        }
        return new UTF8Encoding(false).GetString(bytes);
    }
}
