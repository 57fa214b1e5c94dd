using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// Turns the JOB of a <c>--target qemu|kvm</c> run into a bootable image: the job's sources (the project folder,
/// bin and obj left out) are compiled together with kernel/Hpc.Kernel.Metal, whose own core library replaces the
/// BCL, and linked into one ELF. The entry is the project's <c>HpcMetalEntry</c> property (default <c>Program</c>).
/// Each job gets its own output folder under the kernel's bin/jobs, and an image newer than every source is reused.
/// A JOB that is a Linux executable (<see cref="LinuxProgramFile"/>) needs the kernel alone: it is booted as the
/// kernel's module and run by its Linux personality.
/// </summary>
internal static class MetalImageBuilder
{
    /// <summary>The kernel project, relative to the repository root.</summary>
    private const string KernelProject = "kernel/Hpc.Kernel.Metal/Hpc.Kernel.Metal.csproj";
    /// <summary>Overrides where the kernel project is.</summary>
    public const string KernelVariable = "HPC_METAL_KERNEL";

    /// <summary>
    /// True when <paramref name="job"/> is a project written in the kernel's C# subset (it names its entry with the
    /// <c>HpcMetalEntry</c> property) and is compiled into the image; any other project is published by ILCompiler
    /// and booted as the kernel's module (the real .NET runtime).
    /// </summary>
    public static bool IsSubsetJob(string job)
    {
        string full = Path.GetFullPath(job);
        string[] projects = full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && File.Exists(full) ? [full]
            : Directory.Exists(full) ? Directory.GetFiles(full, "*.csproj")
            : [];
        return projects.Length == 1 && DeclaredEntry(projects[0]) is not null;
    }

    /// <summary>Builds (or reuses) the image for <paramref name="job"/>; throws <see cref="JobException"/> with one line on any problem.</summary>
    public static string Build(string job, Action<string, Action> showProgress)
    {
        string full = Path.GetFullPath(job);
        if (LinuxProgramFile.IsElf(full))
        {
            return BuildKernelOnly(showProgress);
        }

        string folder = Directory.Exists(full) ? full
            : File.Exists(full) && full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) ? Path.GetDirectoryName(full)!
            : throw new JobException($"{job}: a metal job is a project folder or .csproj (its sources are compiled into the image) or a static-PIE Linux executable, not a built .dll");
        string[] projects = Directory.GetFiles(folder, "*.csproj");
        string project = File.Exists(full) ? full : projects.Length == 1 ? projects[0]
            : throw new JobException(projects.Length == 0 ? $"no .csproj in {job}" : $"{job} holds {projects.Length} projects; name the .csproj");
        string entry = DeclaredEntry(project) ?? "Program";
        string kernel = FindKernel(folder);
        string kernelFolder = Path.GetDirectoryName(kernel)!;
        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder + "|" + entry)))[..12];
        string outDir = Path.Combine(kernelFolder, "bin", "jobs", key) + "/";
        string image = Path.Combine(outDir, "hpc-metal.elf");
        if (IsUpToDate(image, folder, kernelFolder))
        {
            return image;
        }

        showProgress($"Building the metal image of {Path.GetRelativePath(Environment.CurrentDirectory, project)}",
            () => RunBuild(kernel, [$"-p:HpcMetalJobDir={folder}", $"-p:HpcMetalEntry={entry}", $"-p:IntermediateOutputPath=obj/jobs/{key}/", $"-p:OutDir={outDir}"]));
        return File.Exists(image) ? image : throw new JobException($"building the metal image of {job} produced no {image}");
    }

    /// <summary>Builds (or reuses) the kernel without a job of its own, for Linux executables booted as its module.</summary>
    private static string BuildKernelOnly(Action<string, Action> showProgress)
    {
        string kernel = FindKernel(Environment.CurrentDirectory);
        string kernelFolder = Path.GetDirectoryName(kernel)!;
        string outDir = Path.Combine(kernelFolder, "bin", "jobs", "linux") + "/";
        string image = Path.Combine(outDir, "hpc-metal.elf");
        if (IsUpToDate(image, kernelFolder, kernelFolder))
        {
            return image;
        }

        showProgress("Building the metal kernel", () => RunBuild(kernel, ["-p:IntermediateOutputPath=obj/jobs/linux/", $"-p:OutDir={outDir}"]));
        return File.Exists(image) ? image : throw new JobException($"building the metal kernel produced no {image}");
    }

    /// <summary>The project's HpcMetalEntry property, or null when it names none.</summary>
    private static string? DeclaredEntry(string project)
    {
        try
        {
            return XDocument.Load(project).Descendants("HpcMetalEntry").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        }
        catch (System.Xml.XmlException e)
        {
            throw new JobException($"cannot read {project}: {e.Message}");
        }
    }

    /// <summary>The kernel project: $HPC_METAL_KERNEL, else found above hermit-run's folder or the job's.</summary>
    private static string FindKernel(string jobFolder)
    {
        string? configured = Environment.GetEnvironmentVariable(KernelVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : throw new JobException($"{KernelVariable}={configured}: no such file");
        }

        foreach (string start in new[] { AppContext.BaseDirectory, jobFolder })
        {
            for (DirectoryInfo? folder = new(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, KernelProject);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new JobException($"cannot find {KernelProject} above {AppContext.BaseDirectory} or {jobFolder}; set {KernelVariable}");
    }

    /// <summary>True when the image is newer than every source of the job and of the kernel (bin and obj left out).</summary>
    private static bool IsUpToDate(string image, string jobFolder, string kernelFolder)
    {
        if (!File.Exists(image))
        {
            return false;
        }

        DateTime built = File.GetLastWriteTimeUtc(image);
        string sharedFolder = Path.GetFullPath(Path.Combine(kernelFolder, "..", "Shared"));
        return new[] { jobFolder, kernelFolder, sharedFolder }.All(folder => NewestSource(folder) <= built);
    }

    /// <summary>Newest write time of the sources under <paramref name="folder"/>.</summary>
    private static DateTime NewestSource(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return DateTime.MinValue;
        }

        DateTime newest = DateTime.MinValue;
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(folder, file);
            if (relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            DateTime written = File.GetLastWriteTimeUtc(file);
            newest = written > newest ? written : newest;
        }

        return newest;
    }

    /// <summary>Runs the kernel build with <paramref name="properties"/>; the first compiler error becomes the exception's message.</summary>
    private static void RunBuild(string kernel, IEnumerable<string> properties)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in new[] { "build", kernel, "-c", "Release", "-nologo", "-v:q", "-clp:ErrorsOnly;NoSummary" }.Concat(properties))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new JobException("cannot start dotnet to build the metal image");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string[] lines = (output + error.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string first = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "";
            throw new JobException($"building the metal image failed (is the job within the metal subset? see README): {first}");
        }
    }
}
