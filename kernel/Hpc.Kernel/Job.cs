namespace Hpc;

/// <summary>Who the calling rank is: its rank, the job's size, its isle and the cpu it runs on.</summary>
public static class Job
{
    /// <summary>The calling rank's number, 0 to Size - 1 (0 outside hermit-run).</summary>
    public static int Rank => 0;
}
