using Hpc.OpenMp.Loops;
using Hpc.OpenMp.Teams;

namespace Hpc.OpenMp.Regions;

/// <summary>A combined parallel loop with a reduction: each member folds its share, the primary combines after the join.</summary>
internal sealed class ReduceLoopWork<T> : TeamWork
{
    /// <summary>The instance of each team, per type (a team runs one region at a time; nested teams run side by side).</summary>
    public static readonly TeamLocal<ReduceLoopWork<T>> ByTeam = new(static () => new ReduceLoopWork<T>());

    /// <summary>The iterations.</summary>
    public IterationSpace Space { get; set; }

    /// <summary>The resolved schedule.</summary>
    public Schedule Schedule { get; set; }

    /// <summary>The reduction.</summary>
    public Reduction<T> Reduction { get; set; }

    /// <summary>The body: loop variable and partial result in, new partial result out.</summary>
    public Func<int, T, T>? Body { get; set; }

    /// <summary>The partial results, one padded slot per member.</summary>
    public T[] Partials { get; set; } = [];

    /// <inheritdoc/>
    public override void Run(TeamThread thread)
    {
        var body = new AccumulateBody<T>(Body!, Reduction.Identity);
        LoopDriver.Run(thread, Space, Schedule, ref body);
        Partials[thread.Num * ReductionScratch<T>.Stride] = body.Value;
    }
}
