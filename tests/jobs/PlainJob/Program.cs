// Knows nothing of Hpc. Its static counter shows that every rank has its own statics.
Counter.Calls++;
Console.WriteLine($"plain job, calls {Counter.Calls}, args [{string.Join("|", args)}]");
return 0;

/// <summary>Per-rank static state.</summary>
internal static class Counter
{
    /// <summary>How often this copy of the job ran.</summary>
    public static int Calls;
}
