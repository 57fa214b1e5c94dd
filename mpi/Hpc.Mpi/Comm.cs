using Hpc.Mpi.Engine;

namespace Hpc.Mpi;

/// <summary>
/// A communicator: a group of ranks, numbered 0 to <see cref="Size"/> - 1, with its own message space. Messages
/// between a pair of ranks with the same tag on one communicator never overtake each other.
/// </summary>
/// <example>
/// <code>
/// Comm world = Comm.World;
/// double part = Integrate(world.Rank, world.Size);
/// double pi = world.Allreduce(part, Op&lt;double&gt;.Sum);
/// if (world.Rank == 0) Console.WriteLine(pi);
/// </code>
/// </example>
public sealed partial class Comm
{
    /// <summary>Context id of the world's point-to-point messages (its collectives use the next one).</summary>
    internal const int WorldContext = 0;
    /// <summary>First context id free for new communicators.</summary>
    internal const int FirstFreeContext = 2;

    /// <summary>The rank's message-passing state.</summary>
    private readonly MpiRuntime _runtime;
    /// <summary>World rank of each member, by rank in this communicator.</summary>
    private readonly int[] _members;
    /// <summary>Rank in this communicator of each world rank, or -1.</summary>
    private readonly int[] _rankOf;
    /// <summary>Context of point-to-point messages; collectives use <c>_context + 1</c>.</summary>
    private readonly int _context;
    /// <summary>Collective calls made so far: numbers the tag block of the next one.</summary>
    private int _collectiveSequence;

    /// <summary>Creates a communicator over the given world ranks.</summary>
    internal Comm(MpiRuntime runtime, int[] members, int context)
    {
        _runtime = runtime;
        _members = members;
        _context = context;
        _rankOf = new int[runtime.Engine.Size];
        Array.Fill(_rankOf, -1);
        for (int i = 0; i < members.Length; i++)
        {
            _rankOf[members[i]] = i;
        }

        Rank = _rankOf[runtime.Engine.Rank];
        Size = members.Length;
        Transport = new CommTransport(runtime.Engine, members, Rank, context + 1);
    }

    /// <summary>All ranks of the job (MPI_COMM_WORLD).</summary>
    public static Comm World => MpiRuntime.Current.World;

    /// <summary>The calling rank's number in this communicator.</summary>
    public int Rank { get; }

    /// <summary>The number of ranks in this communicator.</summary>
    public int Size { get; }

    /// <summary>Seconds since an arbitrary point, from a monotonic clock (MPI_Wtime).</summary>
    public static double Wtime() => System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;

    /// <summary>The resolution of <see cref="Wtime"/> in seconds (MPI_Wtick).</summary>
    public static double Wtick() => 1.0 / System.Diagnostics.Stopwatch.Frequency;

    /// <summary>The rank's engine.</summary>
    internal MessageEngine Engine => _runtime.Engine;

    /// <summary>Context of the communicator's point-to-point messages (what a wait record names it by).</summary>
    internal int Context => _context;

    /// <summary>The collective context as the algorithms' transport.</summary>
    private CommTransport Transport { get; }

    /// <summary>
    /// The status of a completed receive, in this communicator's numbering; the receive goes back to the engine's
    /// pool (also when it failed, whose error is then thrown).
    /// </summary>
    internal Status TakeStatus(ReceiveOperation receive)
    {
        Exception? error = receive.Error;
        var status = new Status(_rankOf[receive.MatchedSource], receive.MatchedTag, receive.MatchedLength);
        Engine.Return(receive);
        return error is null ? status : throw error;
    }

    /// <summary>World rank of member <paramref name="rank"/>, checked.</summary>
    private int WorldRank(int rank, string name) =>
        (uint)rank < (uint)Size ? _members[rank] : throw new ArgumentOutOfRangeException(name, rank, $"not a rank of this communicator of {Size}");

    /// <summary>World rank of a source that may be <see cref="Any.Source"/>.</summary>
    private int SourceRank(int source) => source == Any.Source ? Any.Source : WorldRank(source, nameof(source));

    /// <summary>Checks a tag given to a send (no wildcards).</summary>
    private static int SendTag(int tag) =>
        tag >= 0 ? tag : throw new ArgumentOutOfRangeException(nameof(tag), tag, "a send's tag must be 0 or more");

    /// <summary>Checks a tag given to a receive or probe (0 or more, or <see cref="Any.Tag"/>).</summary>
    private static int ReceiveTag(int tag) =>
        tag >= 0 || tag == Any.Tag ? tag : throw new ArgumentOutOfRangeException(nameof(tag), tag, "a tag must be 0 or more, or Any.Tag");
}
