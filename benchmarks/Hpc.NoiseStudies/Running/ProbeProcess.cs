using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Hpc.NoiseStudies.Running;

/// <summary>
/// Runs one probe process to its end: output captured, a hook once it has started, killed on time-out, and killed
/// with its tree when the tool gets SIGINT or SIGTERM (no probe, isle or hermit-run outlives an interrupted study).
/// </summary>
internal static class ProbeProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>; <paramref name="started"/> gets the pid
    /// right after the start. Returns the exit status (-1 on time-out) and everything written to either stream.
    /// </summary>
    public static (int ExitCode, string Output) Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, Action<int>? started = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        // The handlers come first, and wait for a start under way: a signal while the child is forked but not yet
        // known to the Process object would otherwise end this tool and leave the probe running.
        using var launched = new ManualResetEventSlim();
        void KillTree(PosixSignalContext _)
        {
            launched.Wait(TimeSpan.FromSeconds(5));
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Never started, or ended.
            }
        }

        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, KillTree);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, KillTree);
        try
        {
            process.Start();
        }
        finally
        {
            launched.Set();
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        started?.Invoke(process.Id);
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        lock (output)
        {
            return (exited ? process.ExitCode : -1, output.ToString());
        }
    }

    /// <summary>Appends one line of output.</summary>
    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
