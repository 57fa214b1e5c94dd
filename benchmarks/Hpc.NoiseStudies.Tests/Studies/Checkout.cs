using System.Diagnostics;
using System.Text;

namespace Hpc.NoiseStudies.Tests.Studies;

/// <summary>The checkout the tests run in, the built hermit-noise, and a way to run it as a real process.</summary>
internal static class Checkout
{
    /// <summary>The repository root (holding Hpc.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built tool.</summary>
    public static string Tool => Path.Combine(Root, "benchmarks", "Hpc.NoiseStudies", "bin", "Release", "net10.0", "hermit-noise.dll");

    /// <summary>A new empty folder under the temp directory.</summary>
    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "hermit-noise-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs hermit-noise with <paramref name="args"/>; returns its status and output (killed after 5 min, a hang guard).</summary>
    public static (int ExitCode, string Output) HermitNoise(params string[] args)
    {
        Assume.That(File.Exists(Tool), $"{Tool} is not built (build with -c Release)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(Tool);
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(Root);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hermit-noise {string.Join(' ', args)} did not end:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>The nearest folder above the test assembly holding Hpc.sln.</summary>
    private static string FindRoot()
    {
        for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Hpc.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("no Hpc.sln above the test assembly");
    }
}
