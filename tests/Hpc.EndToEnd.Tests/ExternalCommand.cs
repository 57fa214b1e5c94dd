using System.Diagnostics;
using System.Text;

namespace Hpc.EndToEnd.Tests;

/// <summary>Runs a command other than hermit-run (dotnet, srun, a script) to its end and captures both streams as one text.</summary>
internal static class ExternalCommand
{
    /// <summary>True when <paramref name="command"/> is an executable file in a folder of PATH.</summary>
    public static bool IsOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, command)));

    /// <summary>
    /// Runs <paramref name="command"/> in <paramref name="directory"/> with <paramref name="environment"/> added and
    /// returns its status and output; kills it after <paramref name="limit"/> and fails the test (a hang, not a timing check).
    /// </summary>
    public static (int Status, string Output) Run(string command, IEnumerable<string> args, string directory, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{command} {string.Join(' ', start.ArgumentList)} did not end\n{output}");
        }

        process.WaitForExit(); // drains the output readers
        return (process.ExitCode, output.ToString());
    }
}
