using System.Diagnostics;
using System.Xml.Linq;
using Hpc.Proxy.Running.Metal;

namespace Hpc.Proxy.Running.Aot;

/// <summary>
/// Publishes a job with ILCompiler (NativeAOT, linux-x64) as one static-PIE executable through
/// <c>kernel/Aot/StaticPie.targets</c>: the binary <c>hermit-run --aot</c> runs as hosted ranks, and the one the
/// metal kernel loads. Each published binary lives in <c>PROJECT/bin/aot/HASH/</c>, named by the content hash of
/// the job's sources (<see cref="AotSourceHash"/>), so a second run with unchanged sources publishes nothing.
/// </summary>
internal static class AotPublisher
{
    /// <summary>The publishing targets beside hermit-run (copied there at build time).</summary>
    public const string TargetsFile = "Aot/StaticPie.targets";

    /// <summary>The folder, under the job project's bin, holding one subfolder per published hash.</summary>
    private const string CacheFolder = "aot";

    /// <summary>
    /// The published executable of <paramref name="job"/> (a <c>.csproj</c>, a folder holding one, or a <c>.dll</c>
    /// whose project is beside it in the usual <c>bin/Release/…</c> layout), publishing it first unless the cache holds
    /// it; throws <see cref="JobException"/> with one line on any problem (a failed publish prints the compiler's
    /// errors to standard error first). Warnings of a publish that succeeds are printed, not fatal.
    /// </summary>
    public static string Publish(string job, Action<string, Action> showProgress)
    {
        string project = ProjectOf(job);
        string targets = Path.Combine(AppContext.BaseDirectory, TargetsFile);
        if (!File.Exists(targets))
        {
            throw new JobException($"cannot publish with ILCompiler: {targets} is missing beside hermit-run");
        }

        string name = AssemblyNameOf(project);
        string cache = Path.Combine(Path.GetDirectoryName(project)!, "bin", CacheFolder);
        string folder = Path.Combine(cache, AotSourceHash.Of(project, targets));
        string executable = Path.Combine(folder, name);
        if (LinuxProgramFile.IsElf(executable))
        {
            return executable;
        }

        // Into a folder of its own first, renamed when complete: an interrupted publish never looks like a cached one.
        string pending = $"{folder}.{Environment.ProcessId}.tmp";
        IReadOnlyList<string> warnings = [];
        showProgress($"Publishing {Path.GetRelativePath(Environment.CurrentDirectory, project)} with ILCompiler (NativeAOT; once per change of its sources)",
            () => warnings = RunPublish(project, targets, pending));
        foreach (string warning in warnings)
        {
            Console.Error.WriteLine($"hermit-run: {warning}");
        }

        if (!LinuxProgramFile.IsElf(Path.Combine(pending, name)))
        {
            TryDelete(pending);
            throw new JobException($"publishing {project} with ILCompiler produced no executable {name}");
        }

        ReplaceCache(cache, pending, folder);
        return executable;
    }

    /// <summary>The project behind <paramref name="job"/>: a .dll alone cannot be compiled ahead of time.</summary>
    private static string ProjectOf(string job)
    {
        string full = Path.GetFullPath(job);
        if (File.Exists(full) && full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return JobLocator.ProjectBeside(full)
                ?? throw new JobException($"{job}: --aot publishes the job from its project, and no project was found beside this .dll (name the .csproj or its folder)");
        }

        return JobLocator.FindProject(job);
    }

    /// <summary>The project's AssemblyName (the executable's name), else its file name.</summary>
    private static string AssemblyNameOf(string project)
    {
        try
        {
            string? named = XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0 && !v.Contains('$'));
            return named ?? Path.GetFileNameWithoutExtension(project);
        }
        catch (System.Xml.XmlException e)
        {
            throw new JobException($"cannot read {project}: {e.Message}");
        }
    }

    /// <summary>
    /// Runs <c>dotnet publish</c> into <paramref name="output"/>; returns the warnings. Warnings are not errors here
    /// (the repository's own switch would make every trimming note fatal to a user's job), but they are shown.
    /// </summary>
    private static IReadOnlyList<string> RunPublish(string project, string targets, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[]
        {
            "publish", project, "-c", "Release", "-r", "linux-x64", "-nologo", "-v:q", "-clp:NoSummary",
            "-p:PublishAot=true", $"-p:CustomAfterMicrosoftCommonTargets={targets}", "-p:TreatWarningsAsErrors=false",
            "-o", output,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new JobException("cannot start dotnet to publish the job");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string[] lines = (text + error.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0)
        {
            TryDelete(output);
            string[] errors = [.. lines.Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct()];
            foreach (string line in errors)
            {
                Console.Error.WriteLine(line);
            }

            string first = errors.FirstOrDefault() ?? lines.LastOrDefault() ?? $"dotnet publish exited with {process.ExitCode}";
            throw new JobException($"publishing {project} with ILCompiler failed: {first}");
        }

        return [.. lines.Where(l => l.Contains(": warning ", StringComparison.Ordinal)).Distinct()];
    }

    /// <summary>Moves the finished publish into place and removes the binaries of older sources.</summary>
    private static void ReplaceCache(string cache, string pending, string folder)
    {
        foreach (string old in Directory.EnumerateDirectories(cache).Where(d => d != pending && !d.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            TryDelete(old);
        }

        try
        {
            Directory.Move(pending, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            TryDelete(pending); // another hermit-run published the same sources meanwhile
        }
    }

    /// <summary>Removes a folder, ignoring one that is in use or gone.</summary>
    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A running job may still execute from it; it goes with the next change.
        }
    }
}
