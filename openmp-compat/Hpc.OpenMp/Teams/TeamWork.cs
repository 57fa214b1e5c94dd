namespace Hpc.OpenMp.Teams;

/// <summary>
/// What every member of a region runs. Implementations are reusable objects whose fields the primary thread sets
/// before launching the region, so a region allocates nothing.
/// </summary>
internal abstract class TeamWork
{
    /// <summary>Runs the calling member's share.</summary>
    public abstract void Run(TeamThread thread);
}
