using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi.Collectives;

/// <summary>
/// The barrier stage (and that of small allreduces) among the ranks of a communicator that share an isle (threads of
/// one process): one count they all bump and one generation word each waits on, instead of messages. The last rank to arrive wakes the isle's
/// leader (its lowest rank), which meets the other isles' leaders by messages (if any), then starts the next
/// generation and wakes the others. Each rank waits on its own doorbell and only rings cost a cache line, so a
/// barrier of 64 ranks on 2 cores costs one core hand-off per rank, not one per message of a dissemination.
/// </summary>
/// <remarks>Hpc.Mpi is loaded once per isle, so the table below is shared by exactly the ranks that may share the object.</remarks>
internal sealed class IsleBarrier
{
    /// <summary>
    /// The barrier of each communicator in this isle, by its context and leader: the communicators a split makes
    /// share a context, and the ranks one of them has in an isle are told apart from another's by their leader.
    /// </summary>
    private static readonly ConcurrentDictionary<(int Context, int Leader), IsleBarrier> s_byCommunicator = new();

    /// <summary>Largest allreduce carried through the members' slots (the small, latency-bound ones).</summary>
    public const int SlotBytes = 256;

    /// <summary>Ints between two shared words: a cache line each.</summary>
    private const int Stride = 16;
    /// <summary>Index in <see cref="_words"/> of the count of ranks arrived in this generation.</summary>
    private const int ArrivedWord = 0;
    /// <summary>Index of the last generation whose last arrival the leader was told of.</summary>
    private const int LastArrivalWord = Stride;
    /// <summary>Index of the generation: bumped by the leader to let everyone go.</summary>
    private const int GenerationWord = 2 * Stride;

    /// <summary>The shared words, each on its own cache line.</summary>
    private readonly int[] _words = new int[3 * Stride];
    /// <summary>World rank of each member, the leader first.</summary>
    private readonly int[] _members;
    /// <summary>For each member, one more than the generation it last arrived in (read only to name whom the leader waits for).</summary>
    private readonly int[] _arrivedIn;
    /// <summary>Names the first member not yet arrived (the leader's wait record).</summary>
    private readonly Func<int> _firstMissing;
    /// <summary>
    /// Names no rank in the other members' wait record: the leader lets them go through shared memory and may have
    /// returned before they run again, so naming it would make the proxy report a wait on a rank that returned.
    /// </summary>
    private static readonly Func<int> s_noRank = static () => RankWait.NoRank;
    /// <summary>
    /// Each member's operand of an allreduce, <see cref="SlotBytes"/> apiece. Made with the barrier: made lazily by
    /// whichever member came first, two members could each make one and an operand written into the loser was lost
    /// (a 256-rank Allreduce came out one rank's share short).
    /// </summary>
    private readonly byte[] _slots;
    /// <summary>The result of an allreduce, left by the leader for the members.</summary>
    private readonly byte[] _result = new byte[SlotBytes];

    /// <summary>Creates the barrier of members <paramref name="members"/> (world ranks, leader first).</summary>
    private IsleBarrier(int[] members)
    {
        _members = members;
        _arrivedIn = new int[members.Length];
        _slots = new byte[members.Length * SlotBytes];
        _firstMissing = FirstMissing;
    }

    /// <summary>The barrier of the communicator with <paramref name="context"/> and these members in this isle, made by its first caller.</summary>
    public static IsleBarrier For(int context, int[] members) =>
        s_byCommunicator.GetOrAdd((context, members[0]), static (_, m) => new IsleBarrier(m), members);

    /// <summary>
    /// Returns once every member has arrived and, through the leaders, every rank of the communicator.
    /// <paramref name="index"/> is the caller's place among the members (0: the leader, which alone uses
    /// <paramref name="leaders"/>, the transport among isle leaders, or null when this isle is the only one).
    /// </summary>
    public void Arrive(MessageEngine engine, int index, int context, CommTransport? leaders, int tag)
    {
        int generation = Gather(engine, index, context, RankWaitOp.Barrier);
        if (index == 0)
        {
            if (leaders is not null)
            {
                leaders.Collective = RankWaitOp.Barrier;
                CollectiveAlgorithms.Barrier(leaders, tag);
            }

            Release(engine, generation);
        }
    }

    /// <summary>True when an allreduce of <paramref name="bytes"/> bytes goes through the members' slots.</summary>
    public static bool CarriesAllreduce(long bytes) => bytes <= SlotBytes;

    /// <summary>
    /// Allreduce of a commutative <paramref name="op"/> (at most <see cref="SlotBytes"/> bytes): each member leaves its
    /// operand in its slot, the leader combines them in member order, allreduces with the other isles' leaders (if
    /// any) and leaves the result for the members to copy once it lets them go.
    /// </summary>
    public void Allreduce<T>(MessageEngine engine, int index, int context, CommTransport? leaders, int tag, ReadOnlySpan<T> send, Span<T> recv, Op<T> op)
        where T : unmanaged
    {
        byte[] slots = _slots;
        int bytes = MemoryMarshal.AsBytes(send).Length;
        MemoryMarshal.AsBytes(send).CopyTo(slots.AsSpan(index * SlotBytes, bytes));
        int generation = Gather(engine, index, context, RankWaitOp.Allreduce);
        if (index != 0)
        {
            _result.AsSpan(0, bytes).CopyTo(MemoryMarshal.AsBytes(recv));
            return;
        }

        send.CopyTo(recv);
        for (int member = 1; member < _members.Length; member++)
        {
            op.ApplyRight(MemoryMarshal.Cast<byte, T>(slots.AsSpan(member * SlotBytes, bytes)), recv);
        }

        if (leaders is not null)
        {
            leaders.Collective = RankWaitOp.Allreduce;
            CollectiveAlgorithms.Allreduce(leaders, recv, recv, op, tag);
        }

        MemoryMarshal.AsBytes(recv).CopyTo(_result);
        Release(engine, generation);
    }

    /// <summary>
    /// A member arrives and returns once the leader lets everyone go; the leader returns once every member has
    /// arrived, and must then <see cref="Release"/> them. Returns the generation of this round. Blocked, the rank
    /// says it waits in <paramref name="collective"/>.
    /// </summary>
    private int Gather(MessageEngine engine, int index, int context, RankWaitOp collective)
    {
        ref int generationWord = ref _words[GenerationWord];
        int generation = Volatile.Read(ref generationWord);
        Volatile.Write(ref _arrivedIn[index], generation + 1);
        bool last = Interlocked.Increment(ref _words[ArrivedWord]) == _members.Length;
        if (index != 0)
        {
            if (last)
            {
                Interlocked.Exchange(ref _words[LastArrivalWord], generation + 1);
                engine.Wake(_members[0]);
            }

            engine.WaitWhile(ref generationWord, generation, collective, context, s_noRank);
            return generation;
        }

        if (last)
        {
            Volatile.Write(ref _words[LastArrivalWord], generation + 1);
        }
        else
        {
            engine.WaitWhile(ref _words[LastArrivalWord], generation, collective, context, _firstMissing);
        }

        return generation;
    }

    /// <summary>The leader lets the members of round <paramref name="generation"/> go.</summary>
    private void Release(MessageEngine engine, int generation)
    {
        // The count is reset before the new generation shows: a member that sees it and arrives again counts anew.
        Volatile.Write(ref _words[ArrivedWord], 0);
        Interlocked.Exchange(ref _words[GenerationWord], generation + 1);
        for (int i = 1; i < _members.Length; i++)
        {
            engine.Wake(_members[i]);
        }
    }

    /// <summary>The world rank of the first member that has not arrived in the present generation.</summary>
    private int FirstMissing()
    {
        int arrived = Volatile.Read(ref _words[GenerationWord]) + 1;
        for (int i = 0; i < _members.Length; i++)
        {
            if (Volatile.Read(ref _arrivedIn[i]) != arrived)
            {
                return _members[i];
            }
        }

        return RankWait.NoRank;
    }
}
