namespace Hpc.Kernel.Metal.Platform;

/// <summary>The isle's link to the proxy through the segment (filled in with the ring support).</summary>
internal static class ProxyChannel
{
    /// <summary>The rank this isle runs.</summary>
    public static int Rank { get; private set; }

    /// <summary>Ranks in the job.</summary>
    public static int RankCount { get; private set; } = 1;

    /// <summary>This isle's index.</summary>
    public static int Isle { get; private set; }

    /// <summary>True once a segment is attached.</summary>
    public static bool IsAttached { get; private set; }

    /// <summary>Sends console text; false when no segment is attached.</summary>
    public static bool TryWrite(string text) => false;

    /// <summary>Reports a panic line; nothing without a segment.</summary>
    public static void ReportPanic(string line)
    {
    }

    /// <summary>Reports the job's exit status; nothing without a segment.</summary>
    public static void Finish(int status)
    {
    }
}
