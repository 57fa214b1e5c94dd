using Hpc.Isles;

namespace Hpc;

/// <summary>
/// Who the calling rank is: its rank, the job's size, its isle and the cpu it runs on. Outside hermit-run (a plain
/// <c>dotnet job.dll</c>) the job is a single rank 0 of size 1 on isle 0, so the same job runs either way.
/// </summary>
/// <example>
/// <code>
/// Console.WriteLine($"rank {Job.Rank} of {Job.Size} on isle {Job.Isle}, cpu {Job.Cpu}");
/// </code>
/// </example>
public static partial class Job
{
    /// <summary>The calling rank's number, from 0 to <see cref="Size"/> - 1.</summary>
    public static int Rank => RankContext.Current?.Rank ?? 0;

    /// <summary>The number of ranks in the job.</summary>
    public static int Size => RankContext.Current?.Size ?? 1;

    /// <summary>The isle (kernel instance) hosting the calling rank.</summary>
    public static int Isle => RankContext.Current?.Isle ?? 0;

    /// <summary>The number of isles in the job.</summary>
    public static int IsleCount => RankContext.Current?.IsleCount ?? 1;

    /// <summary>The cpu the calling thread runs on now (the rank's pinned cpu inside hermit-run).</summary>
    public static int Cpu => GetCpu();

    /// <summary>True when the code runs as a rank under hermit-run.</summary>
    public static bool IsRank => RankContext.Current is not null;

    /// <summary>
    /// Ends the whole job now with <paramref name="code"/> as hermit-run's exit status, printing
    /// <paramref name="reason"/> (MPI_Abort's meaning). Outside hermit-run it exits the process. Does not return.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Abort(int code, string reason)
    {
        RankContext? rank = RankContext.Current;
        if (rank is null)
        {
            Console.Error.WriteLine(reason);
            Environment.Exit(code);
        }

        rank.FlushConsole();
        if (rank.Proxy is null)
        {
            // A rank process (--aot): its isle reads the marker on its standard error and tells the proxy.
            RankProcessVariables.ReportAbort(code, reason);
            Environment.Exit(code);
        }

        var parameters = new Protocol.ExitParams { ExitCode = code, Kind = (int)Protocol.RankExitKind.Abort };
        rank.Proxy.Post(Protocol.ProxyOp.RankExit, parameters, System.Text.Encoding.UTF8.GetBytes(reason));
        // The proxy ends every isle, this one included; until then this rank does nothing more.
        Thread.Sleep(Timeout.Infinite);
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>sched_getcpu(3) (a vDSO call, no system call).</summary>
    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int GetCpu();
}
