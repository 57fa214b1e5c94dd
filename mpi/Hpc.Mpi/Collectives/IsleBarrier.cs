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
    /// <summary>
    /// The mailboxes of the direct allreduce (<see cref="AllreduceDirect"/>), two per member (generations alternate):
    /// a generation word, then the operand, so an operand of up to <see cref="MailboxOperandBytes"/> bytes travels in
    /// the same cache line as the word that says it is there. Native and line-aligned; lives as long as the barrier.
    /// </summary>
    private readonly unsafe byte* _mailboxes;
    /// <summary>Whether the communicator has ranks in other isles too (the leader then meets their leaders).</summary>
    private readonly bool _spansIsles;
    /// <summary>Each member's count of direct allreduces (a member writes only its own, a cache line apart).</summary>
    private readonly int[] _directRounds;

    /// <summary>Most members the direct allreduce serves: each reads every other's mailbox.</summary>
    public const int DirectMembers = 4;
    /// <summary>Bytes of one mailbox: the generation word's line with the operand, then the rest of a slot's bytes.</summary>
    private const int MailboxBytes = SlotBytes + 64;
    /// <summary>Operand bytes that share the generation word's line.</summary>
    private const int MailboxOperandBytes = 56;

    /// <summary>
    /// Creates the barrier of members <paramref name="members"/> (world ranks, leader first) of a communicator that has
    /// ranks in other isles too when <paramref name="spansIsles"/>.
    /// </summary>
    private unsafe IsleBarrier(int[] members, bool spansIsles)
    {
        _members = members;
        _spansIsles = spansIsles;
        _arrivedIn = new int[members.Length];
        _slots = new byte[members.Length * SlotBytes];
        _firstMissing = FirstMissing;
        _directRounds = new int[members.Length * Stride];
        if (members.Length <= DirectMembers)
        {
            nuint bytes = (nuint)(2 * members.Length * MailboxBytes);
            _mailboxes = (byte*)NativeMemory.AlignedAlloc(bytes, 64);
            NativeMemory.Clear(_mailboxes, bytes);
            for (int member = 0; member < members.Length; member++)
            {
                // The word a mailbox held two rounds before round 0 (-1) and round 1 (0): what a reader waits past.
                *Generation(member, 0) = -1;
                *Generation(member, 1) = 0;
            }
        }
    }

    /// <summary>
    /// The barrier of the communicator with <paramref name="context"/> and these members in this isle (and ranks in
    /// other isles when <paramref name="spansIsles"/>), made by its first caller.
    /// </summary>
    public static IsleBarrier For(int context, int[] members, bool spansIsles) =>
        s_byCommunicator.GetOrAdd((context, members[0]), static (_, a) => new IsleBarrier(a.Members, a.SpansIsles), (Members: members, SpansIsles: spansIsles));

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
        if (leaders is null && _members.Length <= DirectMembers && !_spansIsles)
        {
            AllreduceDirect(engine, index, context, send, recv, op);
            return;
        }

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
    /// Allreduce among a few members that are the whole communicator, without a leader: each leaves its operand in its
    /// mailbox for this round (the generation word written last, in the operand's line), then reads every other's and
    /// combines them all in member order, so every member computes the same result, bit for bit. Each operand crosses
    /// to each other core once and nobody waits for a release: at two members, one cache line each way.
    /// A mailbox is written again two rounds later, when every reader is past it: a member in round r + 2 has read
    /// round r + 1 from everyone, and no one publishes round r + 1 before finishing round r.
    /// </summary>
    private unsafe void AllreduceDirect<T>(MessageEngine engine, int index, int context, ReadOnlySpan<T> send, Span<T> recv, Op<T> op)
        where T : unmanaged
    {
        int round = _directRounds[index * Stride]++;
        int parity = round & 1;
        int bytes = MemoryMarshal.AsBytes(send).Length;
        MemoryMarshal.AsBytes(send).CopyTo(new Span<byte>(Operand(index, parity), bytes));
        // A full fence with the word: the listening flags read by Wake below must not be read before it shows.
        Interlocked.Exchange(ref *Generation(index, parity), round + 1);
        for (int member = 0; member < _members.Length; member++)
        {
            if (member != index)
            {
                engine.Wake(_members[member]);
            }
        }

        for (int member = 0; member < _members.Length; member++)
        {
            if (member != index)
            {
                engine.WaitWhile(ref *Generation(member, parity), round - 1, RankWaitOp.Allreduce, context, s_noRank);
            }
        }

        ReadOnlySpan<byte> first = new(Operand(0, parity), bytes);
        first.CopyTo(MemoryMarshal.AsBytes(recv));
        for (int member = 1; member < _members.Length; member++)
        {
            op.ApplyRight(MemoryMarshal.Cast<byte, T>(new ReadOnlySpan<byte>(Operand(member, parity), bytes)), recv);
        }
    }

    /// <summary>The generation word of <paramref name="member"/>'s mailbox for rounds of <paramref name="parity"/>.</summary>
    private unsafe int* Generation(int member, int parity) => (int*)(_mailboxes + ((2 * member) + parity) * MailboxBytes);

    /// <summary>The operand of that mailbox (after the word, in its line).</summary>
    private unsafe byte* Operand(int member, int parity) => _mailboxes + ((2 * member) + parity) * MailboxBytes + 64 - MailboxOperandBytes;

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
