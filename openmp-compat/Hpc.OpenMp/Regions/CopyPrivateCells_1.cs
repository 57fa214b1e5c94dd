using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>
/// Where <c>single copyprivate</c> leaves its result for the other members: one cell per work-sharing slot (per
/// rank, as the team is), so a later single reuses a cell only when it reuses the slot, after every member read it.
/// </summary>
internal static class CopyPrivateCells<T>
{
    /// <summary>The cells, indexed by slot.</summary>
    public static readonly T[] Values = new T[Team.SlotCount];
}
