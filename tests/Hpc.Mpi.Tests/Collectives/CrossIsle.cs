namespace Hpc.Mpi.Tests.Collectives;

/// <summary>Which messages of a run crossed isles.</summary>
internal static class CrossIsle
{
    /// <summary>Every link between two isles with an end that is not its isle's lowest rank (leader).</summary>
    public static string[] NonLeaderLinks(ThreadWorld world)
    {
        bool IsLeader(int rank) => Enumerable.Range(0, rank).All(lower => world.IsleOf(lower) != world.IsleOf(rank));
        return
        [
            .. world.Links.Keys
                .Where(link => world.IsleOf(link.Source) != world.IsleOf(link.Dest) && !(IsLeader(link.Source) && IsLeader(link.Dest)))
                .Select(static link => $"{link.Source}->{link.Dest}"),
        ];
    }
}
