namespace Hpc;

/// <summary>Who the calling rank is. A metal isle runs one rank in this phase.</summary>
public static class Job
{
    /// <summary>The calling rank's number.</summary>
    public static int Rank => Kernel.Metal.Platform.ProxyChannel.Rank;

    /// <summary>The number of ranks in the job.</summary>
    public static int Size => Kernel.Metal.Platform.ProxyChannel.RankCount;

    /// <summary>The isle hosting the rank.</summary>
    public static int Isle => Kernel.Metal.Platform.ProxyChannel.Isle;

    /// <summary>The cpu the calling code runs on (index within the isle).</summary>
    public static int Cpu => Kernel.Metal.Platform.CpuLocal.CurrentIndex;

    /// <summary>True when the code runs as a rank under hermit-run (a segment is attached).</summary>
    public static bool IsRank => Kernel.Metal.Platform.ProxyChannel.IsAttached;
}
