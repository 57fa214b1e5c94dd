using System.Collections.Concurrent;
using Hpc.Mpi.Engine;
using Hpc.Segment;

namespace Hpc.Mpi.Collectives;

/// <summary>
/// The barrier stage among the ranks of a communicator that share an isle (threads of one process): one count they
/// all bump and one generation word each waits on, instead of messages. The last rank to arrive wakes the isle's
/// leader (its lowest rank), which meets the other isles' leaders by messages (if any), then starts the next
/// generation and wakes the others. Each rank waits on its own doorbell and only rings cost a cache line, so a
/// barrier of 64 ranks on 2 cores costs one core hand-off per rank, not one per message of a dissemination.
/// </summary>
/// <remarks>Hpc.Mpi is loaded once per isle, so the table below is shared by exactly the ranks that may share the object.</remarks>
internal sealed class IsleBarrier
{
    /// <summary>The barrier of each communicator (by its context) in this isle.</summary>
    private static readonly ConcurrentDictionary<int, IsleBarrier> s_byContext = new();

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
    /// <summary>Names the leader (the other members' wait record).</summary>
    private readonly Func<int> _leader;

    /// <summary>Creates the barrier of members <paramref name="members"/> (world ranks, leader first).</summary>
    private IsleBarrier(int[] members)
    {
        _members = members;
        _arrivedIn = new int[members.Length];
        _firstMissing = FirstMissing;
        _leader = () => _members[0];
    }

    /// <summary>The barrier of the communicator with <paramref name="context"/> in this isle, made by its first caller.</summary>
    public static IsleBarrier For(int context, int[] members) => s_byContext.GetOrAdd(context, static (_, m) => new IsleBarrier(m), members);

    /// <summary>
    /// Returns once every member has arrived and, through the leaders, every rank of the communicator.
    /// <paramref name="index"/> is the caller's place among the members (0: the leader, which alone uses
    /// <paramref name="leaders"/>, the transport among isle leaders, or null when this isle is the only one).
    /// </summary>
    public void Arrive(MessageEngine engine, int index, int context, CommTransport? leaders, int tag)
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

            engine.WaitWhile(ref generationWord, generation, RankWaitOp.Barrier, context, _leader);
            return;
        }

        if (last)
        {
            Volatile.Write(ref _words[LastArrivalWord], generation + 1);
        }
        else
        {
            engine.WaitWhile(ref _words[LastArrivalWord], generation, RankWaitOp.Barrier, context, _firstMissing);
        }

        if (leaders is not null)
        {
            CollectiveAlgorithms.Barrier(leaders, tag);
        }

        // The count is reset before the new generation shows: a member that sees it and arrives again counts anew.
        Volatile.Write(ref _words[ArrivedWord], 0);
        Interlocked.Exchange(ref generationWord, generation + 1);
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
