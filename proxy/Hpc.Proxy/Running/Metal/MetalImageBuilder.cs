using System.Diagnostics;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// Builds the image a <c>--target qemu|kvm</c> run boots: kernel/Hpc.Kernel.Metal alone, compiled against its own
/// core library. The job is never linked in: it is booted as the kernel's module (a static-PIE Linux executable,
/// the job published by ILCompiler or given as it is) and run by the kernel's Linux personality. The image goes to
/// the kernel's bin/jobs/linux and is reused while it is newer than every kernel source. The installed dotnet tool
/// has no kernel sources: it boots the image <c>./pack</c> put beside it (<see cref="PackagedImage"/>).
/// </summary>
internal static class MetalImageBuilder
{
    /// <summary>The kernel project, relative to the repository root.</summary>
    private const string KernelProject = "kernel/Hpc.Kernel.Metal/Hpc.Kernel.Metal.csproj";
    /// <summary>Overrides where the kernel project is.</summary>
    public const string KernelVariable = "HPC_METAL_KERNEL";

    /// <summary>The prebuilt image beside hermit-run in the tool package, relative to its folder.</summary>
    public const string PackagedImage = "Metal/hpc-metal.elf";

    /// <summary>
    /// The kernel image: the one packaged beside the tool unless <see cref="KernelVariable"/> names a project, else
    /// built (or reused) from the checkout's sources; throws <see cref="JobException"/> with one line on any problem.
    /// </summary>
    public static string Build(Action<string, Action> showProgress)
    {
        string packaged = Path.Combine(AppContext.BaseDirectory, PackagedImage);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KernelVariable)) && File.Exists(packaged))
        {
            return packaged;
        }

        string kernel = FindKernel();
        string kernelFolder = Path.GetDirectoryName(kernel)!;
        string outDir = Path.Combine(kernelFolder, "bin", "jobs", "linux") + "/";
        string image = Path.Combine(outDir, "hpc-metal.elf");
        if (IsUpToDate(image, kernelFolder))
        {
            return image;
        }

        showProgress("Building the metal kernel", () => RunBuild(kernel, ["-p:IntermediateOutputPath=obj/jobs/linux/", $"-p:OutDir={outDir}"]));
        return File.Exists(image) ? image : throw new JobException($"building the metal kernel produced no {image}");
    }

    /// <summary>The kernel project: $HPC_METAL_KERNEL, else found above hermit-run's folder or the working folder.</summary>
    private static string FindKernel()
    {
        string? configured = Environment.GetEnvironmentVariable(KernelVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : throw new JobException($"{KernelVariable}={configured}: no such file");
        }

        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
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

        throw new JobException($"cannot find {KernelProject} above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; set {KernelVariable}");
    }

    /// <summary>True when the image is newer than every source of the kernel and of the shared protocol (bin and obj left out).</summary>
    private static bool IsUpToDate(string image, string kernelFolder)
    {
        if (!File.Exists(image))
        {
            return false;
        }

        DateTime built = File.GetLastWriteTimeUtc(image);
        string sharedFolder = Path.GetFullPath(Path.Combine(kernelFolder, "..", "Shared"));
        return new[] { kernelFolder, sharedFolder }.All(folder => NewestSource(folder) <= built);
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

        using Process process = Process.Start(start) ?? throw new JobException("cannot start dotnet to build the metal kernel");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string[] lines = (output + error.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            string first = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.LastOrDefault() ?? "";
            throw new JobException($"building the metal kernel failed: {first}");
        }
    }
}
