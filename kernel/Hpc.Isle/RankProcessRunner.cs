using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Hpc.Hosted;
using Hpc.Isles;
using Hpc.Protocol;

namespace Hpc.Isle;

/// <summary>
/// Runs one rank as a child process of the isle (<c>hermit-run --aot</c>): the job published with ILCompiler, started
/// from a thread pinned to the rank's cores, so the process inherits that mask along with everything the isle's
/// confinement set (namespaces, process limit, read-only view, Landlock, system call filter, no capabilities). The
/// isle is the one producer of the rank's ring: it forwards the process's standard output and error as the rank's
/// console, rank 0's standard input from hermit-run, and reports how the process ended as the rank's end.
/// </summary>
internal sealed class RankProcessRunner : IRankRunner
{
    /// <summary>Stack of the forwarding thread (it only copies text).</summary>
    private const int StackSize = 256 * 1024;

    /// <summary>The rank's context on the isle's side (its ring, its console buffers).</summary>
    private readonly RankContext _context;
    /// <summary>The published job.</summary>
    private readonly string _executable;
    /// <summary>The job's arguments.</summary>
    private readonly string[] _args;
    /// <summary>The segment's descriptor, inherited by the process.</summary>
    private readonly int _segmentFd;
    /// <summary>Told the rank's exit status once it ended.</summary>
    private readonly Action<int> _ended;
    /// <summary>The thread that starts the process and waits for it.</summary>
    private readonly Thread _thread;
    /// <summary>What the process's standard error said about its end (set once its streams ended).</summary>
    private RankProcessErrors? _errors;

    /// <summary>Prepares the rank; <see cref="Start"/> runs it; <paramref name="ended"/> gets its exit status.</summary>
    public RankProcessRunner(RankContext context, string executable, string[] args, int segmentFd, Action<int> ended)
    {
        _context = context;
        _executable = executable;
        _args = args;
        _segmentFd = segmentFd;
        _ended = ended;
        _thread = new Thread(Run, StackSize) { Name = $"rank {context.Rank} process", IsBackground = true };
    }

    /// <inheritdoc />
    public void Start() => _thread.Start();

    /// <inheritdoc />
    public void Join() => _thread.Join();

    /// <summary>Starts the process, forwards its streams, reports its end.</summary>
    private void Run()
    {
        // The child is forked from this thread and keeps its mask: the rank's cores, its cpu first.
        int[] own = CpuAffinity.AllowedCpus();
        CpuAffinity.SetProcessMask([.. _context.Cores]);
        Process process;
        try
        {
            process = Process.Start(StartInfo()) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception e)
        {
            Report(1, RankExitKind.LoadFailure, $"cannot start the job {_executable}: {e.Message}");
            return;
        }
        finally
        {
            // From here this thread (and the copying threads it starts) only wait: they leave the rank's cores to
            // the rank, for the housekeeping cpu of a quiet isle or the isle's cpus.
            if (Quiet.QuietIsle.IsRequested)
            {
                int housekeeping = Quiet.RuntimeThreads.HousekeepingCpu();
                CpuAffinity.SetProcessMask([housekeeping]);
                // The first Process.Start starts the runtime's signal thread from this thread, with the rank's mask:
                // it moves too (the isle moved the threads it had before the ranks started).
                Quiet.RuntimeThreads.MoveToHousekeeping(housekeeping);
            }
            else
            {
                CpuAffinity.SetProcessMask(own);
            }
        }

        using (process)
        {
            Forward(process);
            process.WaitForExit();
            int status = process.ExitCode;
            var errors = _errors!;
            if (errors.Abort is (int code, string reason))
            {
                Report(code, RankExitKind.Abort, reason);
            }
            else if (errors.UnhandledException is string exception)
            {
                Report(1, RankExitKind.Exception, exception);
            }
            else if (status is > 128 and < 128 + 65)
            {
                Report(status, RankExitKind.Signal, "");
            }
            else
            {
                Report(status, RankExitKind.Returned, "");
            }
        }
    }

    /// <summary>Copies standard output and error to the rank's console until both end; rank 0 gets standard input.</summary>
    private void Forward(Process process)
    {
        if (_context.Rank == 0)
        {
            new Thread(() => CopyInput(process), StackSize) { Name = $"rank {_context.Rank} input", IsBackground = true }.Start();
        }
        else
        {
            process.StandardInput.Close();
        }

        RankConsoleBuffer stdout = _context.Stdout!;
        RankConsoleBuffer stderr = _context.Stderr!;
        var output = new Thread(() => CopyOutput(process.StandardOutput, stdout), StackSize) { Name = $"rank {_context.Rank} output", IsBackground = true };
        output.Start();
        _errors = new RankProcessErrors(line => stderr.Write(line));
        _errors.ReadToEnd(process.StandardError);
        output.Join();
        stdout.Flush();
        stderr.Flush();
    }

    /// <summary>Copies the process's standard output into the rank's buffer as it comes.</summary>
    private static void CopyOutput(StreamReader reader, RankConsoleBuffer buffer)
    {
        char[] chunk = new char[4096];
        int read;
        while ((read = reader.Read(chunk)) > 0)
        {
            buffer.Write(chunk.AsSpan(0, read));
        }
    }

    /// <summary>
    /// Copies hermit-run's standard input (asked of the proxy on the rank's ring) into rank 0's process, and closes it
    /// at the end; a process that has exited ends the copy at its next write.
    /// </summary>
    private unsafe void CopyInput(Process process)
    {
        try
        {
            using var input = new ForwardedStdinStream(_context.Proxy!, _context.Doorbell);
            Stream child = process.StandardInput.BaseStream;
            byte[] chunk = new byte[4096];
            int read;
            while ((read = input.Read(chunk)) > 0)
            {
                child.Write(chunk, 0, read);
                child.Flush();
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process is gone or closed its input.
        }
    }

    /// <summary>The process: the executable with the job's arguments, the rank's variables, streams redirected.</summary>
    private ProcessStartInfo StartInfo()
    {
        var start = new ProcessStartInfo(_executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Environment.CurrentDirectory,
        };
        foreach (string argument in _args)
        {
            start.ArgumentList.Add(argument);
        }

        // The isle's own business stays with the isle: its launch spec, and its confinement marker (which names the
        // isle's pid, so it could not mislead the rank anyway).
        _ = start.Environment.Remove(IsleLaunchSpec.EnvironmentVariable);
        _ = start.Environment.Remove(IsleConfinement.MarkerVariable);
        _ = start.Environment.Remove(IsleConfinement.MarkerPidVariable);
        start.Environment[RankProcessVariables.Name] = RankProcessVariables.Value(_context.Rank, _segmentFd);
        RankVariables.SetIn(start.Environment, _context.Rank, _context.Size);
        return start;
    }

    /// <summary>Tells the proxy how the rank ended.</summary>
    private void Report(int exitCode, RankExitKind kind, string description)
    {
        _context.FlushConsole();
        IsleReports.RankExit(_context, exitCode, kind, description);
        _ended(exitCode);
    }
}
