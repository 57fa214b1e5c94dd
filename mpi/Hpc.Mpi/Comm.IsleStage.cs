using Hpc.Mpi.Collectives;

namespace Hpc.Mpi;

/// <summary>The shared-memory stage of collectives among the ranks of the communicator that share this rank's isle.</summary>
public sealed partial class Comm
{
    /// <summary>This rank's part in the isle stage, worked out at the first collective that uses it.</summary>
    private IsleStage? _isleStage;

    /// <summary>How this rank takes part in the isle stage: none when it is alone in its isle or the job spans nodes.</summary>
    private sealed class IsleStage
    {
        /// <summary>No isle stage: the collectives go by messages only.</summary>
        private static readonly IsleStage s_none = new(null, 0, null);

        /// <summary>Creates a rank's part.</summary>
        private IsleStage(IsleBarrier? barrier, int index, CommTransport? leaders)
        {
            Barrier = barrier;
            Index = index;
            Leaders = leaders;
        }

        /// <summary>The barrier (and small allreduce) shared with the other members of the isle, or null.</summary>
        public IsleBarrier? Barrier { get; }

        /// <summary>This rank's place among the members of its isle (0: the isle's leader).</summary>
        public int Index { get; }

        /// <summary>For a leader with other isles in the communicator: the transport among the isles' leaders.</summary>
        public CommTransport? Leaders { get; }

        /// <summary>
        /// The part of the calling rank of <paramref name="comm"/>. Only in a job of one node whose isles hold their
        /// ranks as threads of one process (across nodes the collectives group ranks by node, not by process; rank
        /// processes of <c>--aot</c> share no objects).
        /// </summary>
        public static IsleStage Of(Comm comm)
        {
            IsleLayout layout = IsleLayout.Of(comm.Transport);
            if (!comm.Engine.IsOneNode || !comm.Engine.IsleRanksShareProcess || layout.MyIsle.Length < 2)
            {
                return s_none;
            }

            int[] members = [.. layout.MyIsle.Select(rank => comm._members[rank])];
            CommTransport? leaders = null;
            if (layout.IsLeader && layout.Leaders.Length > 1)
            {
                int[] leaderRanks = [.. layout.Leaders.Select(rank => comm._members[rank])];
                leaders = new CommTransport(comm.Engine, leaderRanks, layout.LeaderIndex, comm._context + 1);
            }

            return new IsleStage(IsleBarrier.For(comm._context, members, spansIsles: layout.Leaders.Length > 1), layout.IndexInIsle, leaders);
        }
    }
}
