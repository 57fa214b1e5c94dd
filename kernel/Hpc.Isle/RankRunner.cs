using System.Reflection;
using System.Text;
using Hpc.Isles;
using Hpc.Protocol;

namespace Hpc.Isle;

/// <summary>
/// Runs one rank on its own thread, pinned to the rank's cpu: loads the job in the rank's context, calls its entry
/// point with the job's arguments and reports how the rank ended.
/// </summary>
internal sealed class RankRunner : IRankRunner
{
    /// <summary>Stack size of a rank thread: the same as a process's main thread, since that is what a job expects.</summary>
    private const int StackSize = 8 * 1024 * 1024;

    /// <summary>The rank's context.</summary>
    private readonly RankContext _context;
    /// <summary>The rank's place in its core's schedule.</summary>
    private readonly Scheduling.RankTask _task;
    /// <summary>The job assembly.</summary>
    private readonly string _jobPath;
    /// <summary>Arguments for the entry point.</summary>
    private readonly string[] _args;
    /// <summary>The rank's thread.</summary>
    private readonly Thread _thread;
    /// <summary>Told the rank's exit status once it ended.</summary>
    private readonly Action<int> _ended;

    /// <summary>Prepares the rank; <see cref="Start"/> runs it; <paramref name="ended"/> gets its exit status.</summary>
    public RankRunner(RankContext context, Scheduling.RankTask task, string jobPath, string[] args, Action<int> ended)
    {
        _ended = ended;
        _context = context;
        _task = task;
        _jobPath = jobPath;
        _args = args;
        _thread = new Thread(Run, StackSize) { Name = $"rank {context.Rank}", IsBackground = true };
    }

    /// <inheritdoc />
    public void Start() => _thread.Start();

    /// <inheritdoc />
    public void Join() => _thread.Join();

    /// <summary>The rank thread's body: holds its core from Enter to Exit, whatever the job does.</summary>
    private void Run()
    {
        RankContext.Current = _context;
        _task.Scheduler.Enter(_task); // pins the thread and waits for the core
        try
        {
            RunJob();
        }
        finally
        {
            _task.Scheduler.Exit(_task);
        }
    }

    /// <summary>Loads and runs the job's entry point and reports how it ended.</summary>
    private void RunJob()
    {
        int exitCode;
        RankExitKind kind;
        string description = "";
        MethodInfo? entryPoint;
        try
        {
            var loadContext = new RankLoadContext(_jobPath, _context.Rank);
            Assembly job = loadContext.LoadFromAssemblyPath(_jobPath);
            entryPoint = job.EntryPoint ?? throw new MissingMethodException($"{Path.GetFileName(_jobPath)} has no entry point (is it a library?)");
        }
        catch (Exception e)
        {
            Report(1, RankExitKind.LoadFailure, $"cannot load the job {_jobPath}: {e.GetType().Name}: {e.Message}");
            return;
        }

        try
        {
            object?[]? arguments = entryPoint.GetParameters().Length == 0 ? null : [_args.Clone()];
            object? result = entryPoint.Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null);
            exitCode = result is int code ? code : 0;
            kind = RankExitKind.Returned;
        }
        catch (Exception e)
        {
            exitCode = 1;
            kind = RankExitKind.Exception;
            description = Describe(e);
        }

        Report(exitCode, kind, description);
    }

    /// <summary>Flushes the rank's console and tells the proxy how it ended.</summary>
    private void Report(int exitCode, RankExitKind kind, string description)
    {
        _context.FlushConsole();
        IsleReports.RankExit(_context, exitCode, kind, description);
        _ended(exitCode);
    }

    /// <summary>The exception as .NET prints it, without the reflection frames that called the entry point.</summary>
    public static string Describe(Exception e)
    {
        var text = new StringBuilder();
        foreach (string line in e.ToString().Split('\n'))
        {
            string trimmed = line.TrimStart();
            if (trimmed.StartsWith("at System.Reflection.", StringComparison.Ordinal)
                || trimmed.StartsWith("at System.RuntimeMethodHandle.", StringComparison.Ordinal)
                || trimmed.StartsWith("at Hpc.Isle.", StringComparison.Ordinal))
            {
                continue;
            }

            text.Append(line.TrimEnd('\r')).Append('\n');
        }

        return text.ToString().TrimEnd();
    }
}
