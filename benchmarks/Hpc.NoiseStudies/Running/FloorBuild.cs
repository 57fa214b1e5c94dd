namespace Hpc.NoiseStudies.Running;

/// <summary>Builds the C floor (benchmarks/peers/noise_floor.c) into benchmarks/.build with gcc when it is missing or older than its source.</summary>
internal static class FloorBuild
{
    /// <summary>The source under the root.</summary>
    public static string Source(string root) => Path.Combine(root, "benchmarks", "peers", "noise_floor.c");

    /// <summary>Builds if needed and returns the program's path; throws <see cref="InvalidOperationException"/> with gcc's message on failure.</summary>
    public static string Ensure(string root)
    {
        string source = Source(root);
        string program = Path.Combine(root, "benchmarks", ".build", "noise_floor");
        if (File.Exists(program) && File.GetLastWriteTimeUtc(program) >= File.GetLastWriteTimeUtc(source))
        {
            return program;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(program)!);
        (int status, string output) = ProbeProcess.Run("gcc", ["-O2", "-Wall", "-pthread", "-o", program, source], root, TimeSpan.FromMinutes(2));
        return status == 0 ? program : throw new InvalidOperationException($"gcc could not build {source} (is gcc installed?):\n{output}");
    }
}
