using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hpc.Isles;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi;

/// <summary>
/// The message-passing state of one rank: its engine, its world communicator and the next free context id.
/// Hpc.Mpi is loaded once per isle, so this state hangs off the calling rank's context; outside hermit-run the
/// process is a world of one rank with a private segment.
/// </summary>
internal sealed class MpiRuntime
{
    /// <summary>State per rank of this isle.</summary>
    private static readonly ConditionalWeakTable<RankContext, MpiRuntime> s_ranks = new();
    /// <summary>The state of a plain process (no hermit-run).</summary>
    private static readonly Lazy<MpiRuntime> s_standalone = new(CreateStandalone);
    /// <summary>Last lookup on this thread: the common case costs no table access.</summary>
    [ThreadStatic]
    private static (RankContext? Context, MpiRuntime? Runtime) t_last;

    /// <summary>Window memory of a plain process's private segment (its windows have one rank).</summary>
    private const long StandaloneWindowMemory = 16L * 1024 * 1024;

    /// <summary>Next context id; agreed collectively whenever a communicator is made.</summary>
    private int _nextContext = Comm.FirstFreeContext;

    /// <summary>Creates the state of the rank <paramref name="engine"/> serves (tests run several in one process this way).</summary>
    internal MpiRuntime(MessageEngine engine)
    {
        Engine = engine;
        World = new Comm(this, [.. Enumerable.Range(0, engine.Size)], Comm.WorldContext);
    }

    /// <summary>The calling rank's state.</summary>
    public static MpiRuntime Current
    {
        get
        {
            RankContext? context = RankContext.Current;
            if (context is null)
            {
                return s_standalone.Value;
            }

            (RankContext? lastContext, MpiRuntime? last) = t_last;
            if (ReferenceEquals(lastContext, context))
            {
                return last!;
            }

            // A rank process (--aot) has no isle scheduler to name the rank's thread: the first to call is taken as it.
            MpiRuntime runtime = s_ranks.GetValue(context, static c => new MpiRuntime(new MessageEngine(c.Segment, c.Rank, ownThreadOnly: true,
                ownerThread: c.OwnProcess ? Environment.CurrentManagedThreadId : -1)));
            t_last = (context, runtime);
            return runtime;
        }
    }

    /// <summary>The rank's engine.</summary>
    public MessageEngine Engine { get; }

    /// <summary>All ranks of the job.</summary>
    public Comm World { get; }

    /// <summary>This rank's next free context id (a pair: point-to-point and collectives).</summary>
    public int NextContext
    {
        get => _nextContext;
        set => _nextContext = value;
    }

    /// <summary>A world of one rank over a private segment in this process's memory.</summary>
    private static unsafe MpiRuntime CreateStandalone()
    {
        var layout = new SegmentLayout(1, 1, 4096, 4096, SegmentLayout.MinChannelCapacity, StandaloneWindowMemory);
        byte* memory = (byte*)NativeMemory.AlignedAlloc((nuint)layout.TotalSize, 4096);
        // Windows zero their parts themselves: only the rest, up to the window memory, needs clearing.
        NativeMemory.Clear(memory, (nuint)(layout.WindowArenaOffset + WindowArena.HeaderSize));
        SegmentView segment = SegmentView.Format(memory, layout, [0], [0]);
        return new MpiRuntime(new MessageEngine(segment, 0, ownThreadOnly: false)); // lives as long as the process
    }
}
