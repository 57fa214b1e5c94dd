namespace Hpc.Isles;

/// <summary>
/// Who the running code belongs to inside an isle: the rank, its placement and its way to the proxy. Set on the
/// rank's thread when it starts and carried by the execution context into threads and tasks the rank creates, so
/// console output and host file calls from anywhere in a rank go to that rank. A rank that is a process of its own
/// (a job published with ILCompiler, <c>hermit-run --aot</c>) finds its context in its environment instead
/// (<see cref="RankProcessVariables"/>); it has no connection to the proxy, since its isle forwards its console.
/// </summary>
internal sealed unsafe class RankContext
{
    /// <summary>The rank of the code running on this logical flow, if any.</summary>
    private static readonly AsyncLocal<RankContext?> s_current = new();
    /// <summary>The rank this whole process is, when its isle started it as one (read once, on first use).</summary>
    private static readonly Lazy<RankContext?> s_process = new(RankProcessVariables.Attach);

    /// <summary>Creates the context of one rank.</summary>
    public RankContext(int rank, int size, int isle, int isleCount, int cpu, ProxyConnection? proxy, Segment.SegmentView segment)
    {
        Segment = segment;
        Rank = rank;
        Size = size;
        Isle = isle;
        IsleCount = isleCount;
        Cpu = cpu;
        Cores = [cpu];
        Proxy = proxy;
        Stdout = proxy is null ? null : new RankConsoleBuffer(proxy, Protocol.ProxyOp.Stdout);
        Stderr = proxy is null ? null : new RankConsoleBuffer(proxy, Protocol.ProxyOp.Stderr);
        // As under mpiexec and srun, rank 0 reads hermit-run's standard input; the others see its end at once.
        Stdin = rank == 0 && proxy is not null
            ? TextReader.Synchronized(new StreamReader(new ForwardedStdinStream(proxy, segment.Doorbell(rank)), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false))
            : TextReader.Null;
    }

    /// <summary>The context of the calling code, or null outside any rank (isle threads, or outside hermit-run).</summary>
    public static RankContext? Current
    {
        get => s_current.Value ?? s_process.Value;
        set => s_current.Value = value;
    }

    /// <summary>The rank.</summary>
    public int Rank { get; }
    /// <summary>Ranks in the job.</summary>
    public int Size { get; }
    /// <summary>The isle hosting the rank.</summary>
    public int Isle { get; }
    /// <summary>Isles in the job.</summary>
    public int IsleCount { get; }
    /// <summary>The cpu the rank is pinned to.</summary>
    public int Cpu { get; }
    /// <summary>
    /// The cores the rank owns, <see cref="Cpu"/> first: one unless hermit-run gave it several (<c>--threads</c>). The
    /// rank thread keeps <see cref="Cpu"/>; the others are for its own threads (an Hpc.OpenMp team), outside the isle
    /// scheduler.
    /// </summary>
    public IReadOnlyList<int> Cores { get; init; }
    /// <summary>The node segment: channels to the other ranks, doorbells.</summary>
    public Segment.SegmentView Segment { get; }
    /// <summary>The rank's doorbell: bumped by whoever posts something for it.</summary>
    public int* Doorbell => Segment.Doorbell(Rank);
    /// <summary>The rank's connection to the proxy; null in a rank process (its isle is the ring's one producer).</summary>
    public ProxyConnection? Proxy { get; }
    /// <summary>Pending standard output; null in a rank process (its descriptor 1 goes to its isle).</summary>
    public RankConsoleBuffer? Stdout { get; }
    /// <summary>Pending standard error; null in a rank process.</summary>
    public RankConsoleBuffer? Stderr { get; }
    /// <summary>True when the rank is a process of its own (<c>--aot</c>), alone in it; false for a rank of an isle process.</summary>
    public bool OwnProcess { get; init; }

    /// <summary>The rank's standard input (Console.In in the rank): hermit-run's for rank 0, empty for the others.</summary>
    public TextReader Stdin { get; }

    /// <summary>Sends whatever console output is still buffered.</summary>
    public void FlushConsole()
    {
        Stdout?.Flush();
        Stderr?.Flush();
    }
}
