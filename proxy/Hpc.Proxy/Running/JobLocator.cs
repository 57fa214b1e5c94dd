using System.Diagnostics;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Hpc.Proxy.Running;

/// <summary>
/// Turns the JOB of the command line into a runnable assembly: a built <c>.dll</c> as it is, a <c>.csproj</c> or a
/// folder holding one project built in Release first. A project whose sources are older than its output is not
/// handed to MSBuild again (a no-op build costs ≈ 1.7 s here, longer than starting 64 ranks).
/// </summary>
internal static class JobLocator
{
    /// <summary>Name of the file, in the project's obj folder, remembering the built assembly's path.</summary>
    private const string StampName = "hermit-run.target";

    /// <summary>Resolves <paramref name="job"/>; throws <see cref="JobException"/> with one line on any problem.</summary>
    public static string Resolve(string job, Action<string, Action> showProgress)
    {
        string full = Path.GetFullPath(job);
        if (File.Exists(full) && full.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return CheckAssembly(full);
        }

        string project = FindProject(job);
        string? built = UpToDateOutput(project);
        if (built is null)
        {
            showProgress($"Building {Path.GetRelativePath(Environment.CurrentDirectory, project)} (Release)", () => built = Build(project));
        }

        return CheckAssembly(built!);
    }

    /// <summary>
    /// The project of a JOB that is a <c>.csproj</c> or a folder holding one; throws <see cref="JobException"/> with one
    /// line for anything else (a <c>.dll</c> included: see <see cref="ProjectBeside"/>).
    /// </summary>
    public static string FindProject(string job)
    {
        string full = Path.GetFullPath(job);
        if (File.Exists(full) && full.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
        {
            return full;
        }
        else if (Directory.Exists(full))
        {
            string[] projects = Directory.GetFiles(full, "*.csproj");
            return projects.Length switch
            {
                1 => projects[0],
                0 => throw new JobException($"no .csproj in {job}"),
                _ => throw new JobException($"{job} holds {projects.Length} projects; name the .csproj"),
            };
        }
        else if (File.Exists(full))
        {
            throw new JobException($"{job}: JOB must be a .dll, a .csproj or a folder holding one project");
        }

        throw new JobException($"job not found: {job}");
    }

    /// <summary>
    /// The project that built <paramref name="assembly"/> in the usual layout (<c>PROJECT/bin/CONFIG/TFM/NAME.dll</c>):
    /// <c>NAME.csproj</c>, or the one project, in the folder above the nearest <c>bin</c>; null when there is none.
    /// </summary>
    public static string? ProjectBeside(string assembly)
    {
        string name = Path.GetFileNameWithoutExtension(assembly);
        for (DirectoryInfo? folder = new FileInfo(assembly).Directory; folder?.Parent is not null; folder = folder.Parent)
        {
            if (folder.Name != "bin")
            {
                continue;
            }

            string named = Path.Combine(folder.Parent.FullName, name + ".csproj");
            string[] projects = Directory.GetFiles(folder.Parent.FullName, "*.csproj");
            return File.Exists(named) ? named : projects.Length == 1 ? projects[0] : null;
        }

        return null;
    }

    /// <summary>Checks that a file is a .NET assembly with an entry point.</summary>
    private static string CheckAssembly(string path)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(path));
            CorHeader? cor = pe.PEHeaders.CorHeader;
            if (cor is null)
            {
                throw new JobException($"{path} is not a .NET assembly");
            }

            return cor.EntryPointTokenOrRelativeVirtualAddress != 0
                ? path
                : throw new JobException($"{path} has no entry point (a library, not a program)");
        }
        catch (BadImageFormatException)
        {
            throw new JobException($"{path} is not a .NET assembly");
        }
        catch (IOException e)
        {
            throw new JobException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Builds the project in Release and returns its output assembly.</summary>
    private static string Build(string project)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "msbuild", project, "-restore", "-t:Build", "-p:Configuration=Release", "-nologo", "-v:q", "-getProperty:TargetPath" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new JobException("cannot start dotnet to build the job");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string[] lines = (output + error.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0)
        {
            string first = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "";
            throw new JobException($"building {project} failed: {first}");
        }

        string target = lines.Last();
        File.WriteAllText(StampPath(project), target);
        return target;
    }

    /// <summary>The recorded output if no source of the project (or of a project it references) is newer.</summary>
    private static string? UpToDateOutput(string project)
    {
        string stamp = StampPath(project);
        if (!File.Exists(stamp))
        {
            return null;
        }

        string target = File.ReadAllText(stamp).Trim();
        if (!File.Exists(target))
        {
            return null;
        }

        DateTime built = File.GetLastWriteTimeUtc(target);
        var seen = new HashSet<string>();
        return NewestInput(project, seen) <= built ? target : null;
    }

    /// <summary>Newest write time among a project's files and its referenced projects' files (bin and obj excluded).</summary>
    private static DateTime NewestInput(string project, HashSet<string> seen)
    {
        string folder = Path.GetDirectoryName(project)!;
        if (!seen.Add(folder))
        {
            return DateTime.MinValue;
        }

        DateTime newest = DateTime.MinValue;
        var pending = new Stack<string>([folder]);
        while (pending.TryPop(out string? dir))
        {
            foreach (string file in Directory.EnumerateFiles(dir))
            {
                DateTime time = File.GetLastWriteTimeUtc(file);
                newest = time > newest ? time : newest;
            }

            foreach (string sub in Directory.EnumerateDirectories(dir))
            {
                string name = Path.GetFileName(sub);
                if (name is not ("bin" or "obj") && !name.StartsWith('.'))
                {
                    pending.Push(sub);
                }
            }
        }

        foreach (string reference in ProjectReferences(project))
        {
            DateTime time = File.Exists(reference) ? NewestInput(reference, seen) : DateTime.MaxValue;
            newest = time > newest ? time : newest;
        }

        return newest;
    }

    /// <summary>Full paths of the project's ProjectReference items (as written; no MSBuild evaluation).</summary>
    public static IEnumerable<string> ProjectReferences(string project)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(project);
        }
        catch (System.Xml.XmlException)
        {
            return [Path.Combine(Path.GetDirectoryName(project)!, "unreadable")];
        }

        return document.Descendants("ProjectReference")
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .Select(include => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', '/'))))
            .ToList();
    }

    /// <summary>Where the stamp of a project lives.</summary>
    private static string StampPath(string project)
    {
        string obj = Path.Combine(Path.GetDirectoryName(project)!, "obj");
        Directory.CreateDirectory(obj);
        return Path.Combine(obj, StampName);
    }
}
