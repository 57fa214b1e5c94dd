// benchmarks/run SUITE: runs a suite's programs (interleaved), then prints the table and writes the results.
// Exit status: 0 when every program run gave its figures (a MISS is a finding, not a failure), 1 when some run
// failed, 2 for a bad command line.
using System.Diagnostics;
using Hpc.Benchmarks.Runner;
using Hpc.Benchmarks.Runner.Contenders;
using Hpc.Benchmarks.Runner.Reports;
using Hpc.Benchmarks.Runner.Results;
using Hpc.Benchmarks.Runner.Suites;
using Hpc.Benchmarks.Runner.Summaries;
using Spectre.Console;

RunOptions options;
try
{
    options = RunOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Hpc.Benchmarks.Runner: {e.Message}");
    Console.Error.WriteLine(RunOptions.Usage);
    return 2;
}

if (options.Suite is not (MpiSuite.Name or OmpSuite.Name or BootSuite.Name or MultinodeSuite.Name))
{
    Console.Error.WriteLine($"Hpc.Benchmarks.Runner: unknown suite {options.Suite} (suites: {MpiSuite.Name}, {OmpSuite.Name}, {BootSuite.Name}, {MultinodeSuite.Name})");
    return 2;
}

if (options.Suite == MultinodeSuite.Name && options.ClusterNodes is not { Count: >= MultinodeSuite.CollectiveRanks })
{
    Console.Error.WriteLine($"Hpc.Benchmarks.Runner: the multinode suite needs --nodes with {MultinodeSuite.CollectiveRanks} namespace nodes");
    return 2;
}

// Redirected output gets 80 columns by default, too few for the table.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 140;
}

if (options.Suite == MultinodeSuite.Name)
{
    return Multinode(options);
}

double? loadBefore = LoadAverage.Read();
DateTimeOffset started = DateTimeOffset.Now;
long startTimestamp = Stopwatch.GetTimestamp();
SampleSet set;
IReadOnlyList<SummaryRow> rows;
RunInfo info;
string system;
Func<string, bool> plot;
var floor = new FloorProbe(options.BuildDirectory);
if (options.Suite == BootSuite.Name)
{
    // The metal isle's boot: --hpc-job is its self-test image; no peer runs here (KVM rows compare with uhyve's figure).
    if (options.HpcJob is null)
    {
        Console.Error.WriteLine($"Hpc.Benchmarks.Runner: suite boot needs --hpc-job (the metal self-test image): {options.HpcSkipReason}");
        return 2;
    }

    var bootSuite = new BootSuite(options.HpcJob, options.Root);
    set = AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
        .Start(bootSuite.Run);
    rows = BootSuite.Summarize(set);
    if (!File.Exists("/dev/kvm"))
    {
        AnsiConsole.MarkupLine("[yellow]KVM not measured:[/] this machine has no /dev/kvm (TCG only)");
    }
    else if (bootSuite.KvmSkipReason is string kvmProblem)
    {
        AnsiConsole.MarkupLine($"[yellow]KVM not measured:[/] a probe boot under KVM failed ({Markup.Escape(kvmProblem)})");
    }

    info = RunInfo.Create(options.Suite, started, Stopwatch.GetElapsedTime(startTimestamp), set, null, loadBefore, LoadAverage.Read());
    system = "metal isle";
    plot = _ => false;
}
else if (options.Suite == OmpSuite.Name)
{
    if (options.HpcJob is null)
    {
        Console.Error.WriteLine($"Hpc.Benchmarks.Runner: suite omp needs --hpc-job (the Hpc.Benchmarks.OpenMp driver): {options.HpcSkipReason}");
        return 2;
    }

    var ompSuite = new OmpSuite(options.Root, options.BuildDirectory, options.HpcJob, floor);
    set = AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
        .Start(ompSuite.Run);
    rows = OmpSummary.Build(set);
    info = RunInfo.Create(options.Suite, started, Stopwatch.GetElapsedTime(startTimestamp), set, null, loadBefore, ompSuite.LoadAfterRounds);
    system = "Hpc.OpenMp";
    plot = directory => OmpPlotReport.Write(directory, set);
}
else
{
    // Without its measuring job, Hpc still takes part in the start-time measure (examples/Hello).
    IContender[] contenders = [new HpcContender(options.Root, options.HpcJob), new MpichContender(options.BuildDirectory)];
    if (options.HpcJob is null)
    {
        AnsiConsole.MarkupLine(
            $"[yellow]Hpc.Mpi message passing not measured (start time only):[/] {Markup.Escape(options.HpcSkipReason ?? "")}");
    }

    var suite = new MpiSuite(options.Root, contenders, floor);
    set = AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
        .Start(suite.Run);
    rows = MpiSummary.Build(set);
    info = RunInfo.Create(
        options.Suite, started, Stopwatch.GetElapsedTime(startTimestamp), set, options.HpcSkipReason, loadBefore, suite.LoadAfterSmallRanks);
    system = "Hpc.Mpi";
    plot = directory => PlotReport.Write(directory, set);
}

ConsoleReport.Write(info, rows, set.Failures, system);

string directory = Path.Combine(options.ResultsDirectory, $"{options.Suite}-{started:yyyyMMdd-HHmmss}");
Directory.CreateDirectory(directory);
// Each export on its own: one that fails is reported and the others are still written.
(string Name, Action Write)[] exports =
[
    ("CSV", () => CsvReport.Write(directory, set, rows)),
    ("Markdown", () => MarkdownReport.Write(directory, info, rows, set.Failures, system)),
    ("plot", () => plot(directory)),
];
foreach ((string name, Action write) in exports)
{
    try
    {
        write();
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TypeInitializationException or DllNotFoundException)
    {
        AnsiConsole.MarkupLine($"[red]{name} export failed:[/] {Markup.Escape(e.Message)}");
    }
}

AnsiConsole.MarkupLine($"results: {Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, directory))}");
return set.Failures.Count == 0 ? 0 : 1;

// benchmarks/run multinode: the suite on the namespace cluster, its table and its files.
static int Multinode(RunOptions options)
{
    IContender[] Contenders(ClusterNodes cluster) =>
        [new ClusterHpcContender(options.Root, options.HpcJob, cluster), new ClusterMpichContender(options.BuildDirectory, cluster)];

    string tools = Path.Combine(options.Root, "tests", "tools", "netns-cluster");
    var shared = new ClusterNodes(tools, options.ClusterNodes!);
    // The fair comparison: as many nodes as cpus (at most 2 here), each owning one, so neither system's extra
    // threads or spinning ranks take another node's cpu.
    int[] cpus = [.. Enumerable.Range(0, Math.Min(Environment.ProcessorCount, options.ClusterNodes!.Count))];
    var owned = new ClusterNodes(tools, [.. options.ClusterNodes!.Take(cpus.Length)], cpus);
    ClusterSetup[] setups =
    [
        new($"{options.ClusterNodes!.Count} nodes share {Environment.ProcessorCount} cpus", "", Contenders(shared), MultinodeSuite.PairRanks, MultinodeSuite.CollectiveRanks),
        .. cpus.Length >= MultinodeSuite.PairRanks
            ? [new ClusterSetup($"{cpus.Length} nodes, 1 cpu each", ClusterSetup.OwnedCpuPrefix, Contenders(owned), MultinodeSuite.PairRanks, cpus.Length)]
            : Array.Empty<ClusterSetup>(),
    ];
    if (options.HpcJob is null)
    {
        AnsiConsole.MarkupLine($"[yellow]Hpc.Mpi not measured:[/] {Markup.Escape(options.HpcSkipReason ?? "")}");
    }

    var suite = new MultinodeSuite(options.Root, setups);
    double? loadBefore = LoadAverage.Read();
    DateTimeOffset started = DateTimeOffset.Now;
    long startTimestamp = Stopwatch.GetTimestamp();
    SampleSet set = AnsiConsole.Progress().AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
        .Start(suite.Run);
    IReadOnlyList<SummaryRow> rows = MultinodeSummary.Build(set);
    foreach (ClusterSetup setup in setups)
    {
        AnsiConsole.MarkupLine($"setup [bold]{Markup.Escape(setup.Label)}[/]: rows marked \"{(setup.MeasurePrefix.Length == 0 ? "shared cpus" : "1 cpu each")}\"");
    }

    var info = RunInfo.Create(options.Suite, started, Stopwatch.GetElapsedTime(startTimestamp), set, options.HpcSkipReason, loadBefore, LoadAverage.Read());
    ConsoleReport.Write(info, rows, set.Failures);
    string directory = Path.Combine(options.ResultsDirectory, $"{options.Suite}-{started:yyyyMMdd-HHmmss}");
    Directory.CreateDirectory(directory);
    try
    {
        CsvReport.Write(directory, set, rows);
        MarkdownReport.Write(directory, info, rows, set.Failures);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        AnsiConsole.MarkupLine($"[red]export failed:[/] {Markup.Escape(e.Message)}");
    }

    AnsiConsole.MarkupLine($"results: {Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, directory))}");
    return set.Failures.Count == 0 ? 0 : 1;
}
