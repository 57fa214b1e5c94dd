using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>A plain parallel region: every member runs the body.</summary>
internal sealed class RegionWork : TeamWork
{
    /// <summary>The body of the current region.</summary>
    public Action? Body { get; set; }

    /// <inheritdoc/>
    public override void Run(TeamThread thread) => Body!();
}
