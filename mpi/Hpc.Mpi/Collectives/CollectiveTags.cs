namespace Hpc.Mpi.Collectives;

/// <summary>
/// Tags of one collective call, as offsets from the base tag the caller reserves for it: a call uses the tags
/// [base, base + <see cref="Count"/>). A separate tag per stage keeps the stages of a hierarchical collective apart.
/// </summary>
internal static class CollectiveTags
{
    /// <summary>The flat algorithm over all ranks, or the stage among isle leaders.</summary>
    public const int Main = 0;

    /// <summary>Within an isle, towards the leader (fan-in, reduce).</summary>
    public const int IsleUp = 1;

    /// <summary>Within an isle, from the leader or the root outwards (release, broadcast).</summary>
    public const int IsleDown = 2;

    /// <summary>The last step of a hierarchical reduce: the root's isle leader hands the result to the root.</summary>
    public const int Hop = 3;

    /// <summary>How many consecutive tags a collective call needs.</summary>
    public const int Count = 4;
}
