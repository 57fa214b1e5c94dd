using Hpc.OpenMp.Loops;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>A combined parallel loop: every member runs its share; the region's join is the loop's barrier.</summary>
internal sealed class LoopWork : TeamWork
{
    /// <summary>The iterations.</summary>
    public IterationSpace Space { get; set; }

    /// <summary>The resolved schedule.</summary>
    public Schedule Schedule { get; set; }

    /// <summary>The body.</summary>
    public Action<int>? Body { get; set; }

    /// <inheritdoc/>
    public override void Run(TeamThread thread)
    {
        var body = new ActionBody(Body!);
        LoopDriver.Run(thread, Space, Schedule, ref body);
    }
}
