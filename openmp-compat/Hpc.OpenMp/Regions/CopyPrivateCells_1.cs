using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>
/// Where <c>single copyprivate</c> leaves its result for the other members: one cell per work-sharing slot of each
/// team, so a later single reuses a cell only when it reuses the slot, after every member read it.
/// </summary>
internal static class CopyPrivateCells<T>
{
    /// <summary>The cells of each team, indexed by slot.</summary>
    private static readonly TeamLocal<T[]> s_byTeam = new(static () => new T[Team.SlotCount]);

    /// <summary>The cells of <paramref name="team"/>, indexed by slot.</summary>
    public static T[] For(Team team) => s_byTeam.For(team);
}
