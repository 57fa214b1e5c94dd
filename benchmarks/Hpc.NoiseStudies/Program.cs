// hermit-noise: OS-noise studies (see StudyCommand), `compare` of earlier study folders, and `report` to rewrite a
// folder's tables and plots. Exit status: 0 when every run gave its figures, 1 when some failed, 2 for bad usage;
// SIGINT or SIGTERM ends it by that signal (or 130 when it got back first), every probe killed.
using System.CommandLine;
using System.Globalization;
using Hpc.Noise;
using Hpc.NoiseStudies;
using Hpc.NoiseStudies.Running;
using Hpc.Quiet;
using Spectre.Console;

// First: a signal at any later moment finds the handler that kills the probes.
ProbeProcess.KillOnInterrupt();
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 180; // room for the tables
}

var methodNames = string.Join(", ", Enum.GetNames<NoiseMethod>().Select(n => n.ToLowerInvariant()));
var method = new Option<string>("--method") { Description = methodNames, DefaultValueFactory = _ => "fwq" };
var samples = new Option<int>("--samples") { Description = "Samples per core (FWQ quanta, FTQ intervals)", DefaultValueFactory = _ => 20_000 };
var quantum = new Option<double>("--quantum-us") { Description = "FWQ work quantum / FTQ interval in µs", DefaultValueFactory = _ => 100 };
var threshold = new Option<double>("--threshold-us") { Description = "Selfish detour threshold in µs", DefaultValueFactory = _ => 0.5 };
var alloc = new Option<int>("--alloc") { Description = "Bytes allocated per sample by the *-alloc configurations", DefaultValueFactory = _ => 1024 };
var warmup = new Option<int>("--warmup") { Description = "Unmeasured warm-up samples", DefaultValueFactory = _ => 1000 };
var cpus = new Option<string?>("--cpus") { Description = "Cpus to measure (default: all; isles use the first N cpus)", HelpName = "LIST" };
var configs = new Option<string>("--configs") { Description = $"Configurations ({string.Join(", ", StudyConfiguration.All.Select(c => c.Name))})", DefaultValueFactory = _ => StudyConfiguration.Defaults };
var rounds = new Option<int>("--rounds") { Description = "Rounds, each running every configuration once (interleaved)", DefaultValueFactory = _ => 1 };
var output = new Option<string?>("--out") { Description = "Study folder (default: noise-results/METHOD-TIMESTAMP)", HelpName = "DIR" };
var noAttribution = new Option<bool>("--no-attribution") { Description = "Neither attach to the dotnet processes through EventPipe nor trace the cpus (tracefs)" };
var benchmark = new Option<bool>("--benchmark") { Description = "Print ratios to the C floor and the targets (benchmarks/run noise)" };
var forceGc = new Option<bool>("--force-gc") { Description = "Collect once on purpose mid-measurement (checks the attribution)" };
var busyFloor = new Option<double>("--busy-floor-percent")
{
    Description = "With --benchmark: no MET/MISS when the C floor loses more than this % of its time (an idle machine here: 7-9 %)",
    DefaultValueFactory = _ => BenchmarkVerdicts.DefaultBusyFloorPercent,
};
var root = new Option<string?>("--root") { Description = "The Hpc checkout (default: found from the tool's location)", HelpName = "DIR" };

var study = new RootCommand("OS-noise studies: runs a probe in isles, in plain dotnet processes and as a C loop on the same cores; per-core statistics, attribution, CSV, Markdown and plots.")
{
    method, samples, quantum, threshold, alloc, warmup, cpus, configs, rounds, output, noAttribution, benchmark, busyFloor, forceGc, root,
};
study.SetAction(result => Guarded(() =>
{
    string checkout = result.GetValue(root) ?? FindRoot();
    NoiseMethod chosen = Method(result.GetValue(method)!, methodNames);
    int[] cores = result.GetValue(cpus) is { } list ? CpuList.Parse(list) : [.. Enumerable.Range(0, Environment.ProcessorCount)];
    var options = new StudyOptions
    {
        Root = checkout,
        OutputDirectory = Path.GetFullPath(result.GetValue(output)
            ?? Path.Combine("noise-results", string.Create(CultureInfo.InvariantCulture, $"{chosen.ToString().ToLowerInvariant()}-{DateTime.Now:yyyyMMdd-HHmmss}"))),
        Method = chosen,
        Samples = Positive(result.GetValue(samples), "--samples"),
        QuantumMicroseconds = result.GetValue(quantum) >= 1 ? result.GetValue(quantum) : throw new ArgumentException("--quantum-us must be at least 1"),
        ThresholdMicroseconds = result.GetValue(threshold) > 0 ? result.GetValue(threshold) : throw new ArgumentException("--threshold-us must be positive"),
        AllocationBytes = Math.Max(0, result.GetValue(alloc)),
        WarmupSamples = Math.Max(0, result.GetValue(warmup)),
        Cpus = cores,
        Configurations = StudyConfiguration.ParseList(result.GetValue(configs)!),
        Rounds = Positive(result.GetValue(rounds), "--rounds"),
        Attribute = !result.GetValue(noAttribution),
        Benchmark = result.GetValue(benchmark),
        BusyFloorPercent = result.GetValue(busyFloor) > 0 ? result.GetValue(busyFloor) : throw new ArgumentException("--busy-floor-percent must be positive"),
        ForceGc = result.GetValue(forceGc),
    };
    return StudyCommand.Run(options);
}));

var folders = new Argument<string[]>("DIR") { Description = "Study folders", Arity = ArgumentArity.OneOrMore };
var compare = new Command("compare", "Earlier studies side by side") { folders };
compare.SetAction(result => Guarded(() => CompareCommand.Run(result.GetValue(folders)!)));
study.Subcommands.Add(compare);

var folder = new Argument<string>("DIR") { Description = "A study folder" };
var report = new Command("report", "Rewrites a study folder's tables and plots from its raw files") { folder, benchmark, busyFloor };
report.SetAction(result => Guarded(() =>
{
    StudyCommand.Report(Path.GetFullPath(result.GetValue(folder)!), result.GetValue(benchmark), result.GetValue(busyFloor));
    return 0;
}));
study.Subcommands.Add(report);

return study.Parse(args).Invoke();

// Runs a command; a bad value or a missing file is one line and status 2, not a stack trace.
static int Guarded(Func<int> command)
{
    try
    {
        return command();
    }
    catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or FileNotFoundException or DirectoryNotFoundException)
    {
        Console.Error.WriteLine($"hermit-noise: {e.Message}");
        return 2;
    }
    catch (OperationCanceledException e)
    {
        // A probe refused to start after SIGINT or SIGTERM; the signal's own ending of the tool usually comes first.
        Console.Error.WriteLine($"hermit-noise: {e.Message}");
        return 130;
    }
}

// The checkout holding this tool: the nearest folder above it with hermit-run and Hpc.sln.
static string FindRoot()
{
    for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
    {
        if (File.Exists(Path.Combine(directory, "hermit-run")) && File.Exists(Path.Combine(directory, "Hpc.sln")))
        {
            return directory;
        }
    }

    throw new InvalidOperationException("cannot find the Hpc checkout above the tool; pass --root");
}

// A method by name; anything else (a number included, which Enum.Parse would take) is a usage error listing them.
static NoiseMethod Method(string name, string names) =>
    Enum.GetNames<NoiseMethod>().FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } known
        ? Enum.Parse<NoiseMethod>(known)
        : throw new ArgumentException($"unknown method '{name}' (known: {names})");

static int Positive(int value, string option) => value > 0 ? value : throw new ArgumentException($"{option} must be at least 1");
