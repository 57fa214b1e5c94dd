using Hpc.Benchmarks.Runner.Processes;
using Hpc.Benchmarks.Runner.Results;

namespace Hpc.Benchmarks.Runner.Contenders;

/// <summary>A system the suite measures: how to run one of its measuring programs, and how to start ranks.</summary>
internal interface IContender
{
    /// <summary>Which system this is.</summary>
    SystemKind System { get; }

    /// <summary>Its name in the progress display and the reports.</summary>
    string Name { get; }

    /// <summary>
    /// False when <see cref="Measure"/> has no program to run (the Hpc job does not build yet); the start-time
    /// measure needs none.
    /// </summary>
    bool CanMeasure { get; }

    /// <summary>
    /// The command running <paramref name="measure"/> (latency, bandwidth or collectives) over
    /// <paramref name="ranks"/> ranks; its rank 0 prints <see cref="ResultLine"/>s. Only when <see cref="CanMeasure"/>.
    /// </summary>
    ProcessCommand Measure(string measure, int ranks);

    /// <summary>The command starting <paramref name="ranks"/> ranks that do nothing and end (the start-time test).</summary>
    ProcessCommand Start(int ranks);
}
