using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Hpc.NoiseStudies.Running;

/// <summary>
/// Runs one probe process to its end: output captured, a hook once it has started, killed on time-out, and killed
/// with its tree and reaped when the tool gets SIGINT or SIGTERM (no probe, isle or hermit-run outlives an
/// interrupted study). After such a signal no probe starts any more.
/// </summary>
internal static class ProbeProcess
{
    /// <summary>How long the signal handler waits for a start under way to finish, and then for each killed probe to end.</summary>
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    /// <summary>Guards <see cref="s_live"/>, <see cref="s_starting"/> and <see cref="s_interrupted"/>.</summary>
    private static readonly object s_gate = new();

    /// <summary>Probes started and not yet seen to end.</summary>
    private static readonly HashSet<Process> s_live = [];

    /// <summary>Starts under way: the child may be forked already but is not in <see cref="s_live"/> yet.</summary>
    private static int s_starting;

    /// <summary>Set by SIGINT or SIGTERM; nothing starts after it.</summary>
    private static bool s_interrupted;

    /// <summary>
    /// The handlers, for the tool's whole life rather than per run: the runtime takes the list of handlers when the
    /// signal arrives, so a handler registered by the run that was about to start (as before) missed a signal that
    /// came just before, and the probe then started while the other handlers ran and outlived the tool.
    /// </summary>
    private static readonly PosixSignalRegistration[] s_signals =
        [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnInterrupt)];

    /// <summary>Installs the signal handlers now; the tool calls this first, so that a signal at any moment finds them.</summary>
    public static void KillOnInterrupt() => GC.KeepAlive(s_signals);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/>; <paramref name="started"/> gets the pid
    /// right after the start. Returns the exit status (-1 on time-out) and everything written to either stream.
    /// Throws <see cref="OperationCanceledException"/> once the tool got SIGINT or SIGTERM.
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
        Start(process);
        try
        {
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
        finally
        {
            // Waits for a signal handler that is killing it: the process is disposed only after.
            lock (s_gate)
            {
                s_live.Remove(process);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="process"/> unless the tool was interrupted, counted as under way meanwhile: a signal
    /// during the start waits for it and then kills the new probe, a signal before it refuses the start.
    /// </summary>
    private static void Start(Process process)
    {
        lock (s_gate)
        {
            if (s_interrupted)
            {
                throw new OperationCanceledException("interrupted (SIGINT or SIGTERM): no further probe starts");
            }

            s_starting++;
        }

        bool started = false;
        try
        {
            started = process.Start();
        }
        finally
        {
            lock (s_gate)
            {
                s_starting--;
                if (started)
                {
                    s_live.Add(process);
                }

                Monitor.PulseAll(s_gate);
            }
        }
    }

    /// <summary>
    /// SIGINT or SIGTERM: refuses further starts, waits for any start under way, then kills every live probe with
    /// its tree and reaps it, all before returning (the runtime ends the tool once the handlers return).
    /// </summary>
    private static void OnInterrupt(PosixSignalContext context)
    {
        lock (s_gate)
        {
            s_interrupted = true;
            var waited = Stopwatch.StartNew();
            while (s_starting > 0 && waited.Elapsed < s_patience)
            {
                _ = Monitor.Wait(s_gate, s_patience - waited.Elapsed);
            }

            // Under the gate: a run whose probe ended meanwhile waits here before disposing it.
            foreach (Process process in s_live)
            {
                KillAndReap(process);
            }
        }
    }

    /// <summary>Kills <paramref name="process"/> and its descendants and waits until it is reaped.</summary>
    private static void KillAndReap(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or AggregateException or Win32Exception)
        {
            // It ended meanwhile, or part of its tree did; the plain kill below still applies to the probe.
        }

        try
        {
            // The tree kill stops the probe (SIGSTOP) before listing its children: one that failed half way would
            // leave it stopped, not dead.
            process.Kill();
            _ = process.WaitForExit(s_patience);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Ended and reaped already.
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
