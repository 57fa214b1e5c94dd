using System.Diagnostics;
using System.Text;

namespace Hpc.Benchmarks.Runner.Processes;

/// <summary>Runs one child process to its end, capturing its output and timing it by the wall clock.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="command"/> in <paramref name="workingDirectory"/> with standard input closed, waits
    /// for it at most <paramref name="timeout"/> (then kills its process tree), and returns what it did.
    /// </summary>
    public static ChildResult Run(ProcessCommand command, string workingDirectory, TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new List<string>();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Add(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };

        long start = Stopwatch.GetTimestamp();
        process.Start();
        // Closed at once: mpiexec forwards its input to rank 0, and no child here reads any.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool exited = process.WaitForExit(timeout);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        // The parameterless wait also drains the redirected streams.
        process.WaitForExit();
        lock (output)
        {
            lock (error)
            {
                return new ChildResult(exited ? process.ExitCode : -1, !exited, output.ToArray(), error.ToString(), elapsed);
            }
        }
    }
}
