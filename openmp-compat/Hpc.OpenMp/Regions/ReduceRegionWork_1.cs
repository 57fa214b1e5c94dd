using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>A parallel region with a reduction: each member returns its contribution, the primary combines after the join.</summary>
internal sealed class ReduceRegionWork<T> : TeamWork
{
    /// <summary>The instance of each team, per type (a team runs one region at a time; nested teams run side by side).</summary>
    public static readonly TeamLocal<ReduceRegionWork<T>> ByTeam = new(static () => new ReduceRegionWork<T>());

    /// <summary>The body of the current region.</summary>
    public Func<T>? Body { get; set; }

    /// <summary>The partial results, one padded slot per member.</summary>
    public T[] Partials { get; set; } = [];

    /// <inheritdoc/>
    public override void Run(TeamThread thread) => Partials[thread.Num * ReductionScratch<T>.Stride] = Body!();
}
