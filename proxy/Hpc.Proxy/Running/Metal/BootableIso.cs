using System.Diagnostics;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// Writes a bootable ISO of a metal job (<c>hermit-run --iso FILE JOB [args]</c>): the kernel image and the job (a
/// static-PIE Linux program) as its multiboot2 module, under GRUB for PC BIOS made by
/// <c>grub-mkrescue</c> (Debian: grub-pc-bin, grub-common, xorriso). The ISO is written beside FILE under a
/// temporary name and renamed onto it when complete, so FILE is never a partial image.
/// </summary>
internal static class BootableIso
{
    /// <summary>The tool that makes the ISO.</summary>
    private const string MakeRescue = "grub-mkrescue";

    /// <summary>GRUB's PC BIOS platform files (grub-pc-bin): the only platform put on the ISO, so the result does not depend on which other GRUB platforms happen to be installed.</summary>
    private const string BiosPlatformFolder = "/usr/lib/grub/i386-pc";

    /// <summary>
    /// Writes <paramref name="isoFile"/> for the job <paramref name="buildJob"/> builds (the kernel image, and the
    /// Linux program that is its module) with <paramref name="jobArgs"/>. The
    /// arguments, the tools and FILE are checked before the build; throws <see cref="JobException"/> with one line on
    /// any problem.
    /// </summary>
    public static void Write(string isoFile, Func<(string Image, string Module)> buildJob, IReadOnlyList<string> jobArgs, string title, Action<string, Action> showProgress)
    {
        GrubConfig.CheckArguments(jobArgs);
        CheckTools();
        string pending = ClaimPendingFile(isoFile);
        string? stage = null;
        try
        {
            (string image, string module) = buildJob();
            stage = Directory.CreateTempSubdirectory("hpc-iso-").FullName;
            Directory.CreateDirectory(Path.Combine(stage, "boot", "grub"));
            File.WriteAllText(Path.Combine(stage, "boot", "grub", "grub.cfg"), GrubConfig.Text(title, jobArgs));
            File.Copy(image, Path.Combine(stage, GrubConfig.KernelPath.TrimStart('/')));
            File.Copy(module, Path.Combine(stage, GrubConfig.ModulePath.TrimStart('/')));

            showProgress($"Writing {Path.GetFileName(isoFile)} with {MakeRescue}", () => RunMakeRescue(stage, pending));
            File.Move(pending, isoFile, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new JobException($"--iso: cannot write {Cli.ErrorText.Short(isoFile)}: {Cli.ErrorText.OneLine(e.Message)}");
        }
        finally
        {
            TryDelete(pending);
            if (stage is not null)
            {
                Directory.Delete(stage, recursive: true);
            }
        }
    }

    /// <summary>
    /// Checks FILE can be written before anything is built: creates the temporary file beside it (the same folder,
    /// so the final rename stays on one file system) and returns its path.
    /// </summary>
    private static string ClaimPendingFile(string isoFile)
    {
        string shown = Cli.ErrorText.Short(isoFile);
        if (Directory.Exists(isoFile))
        {
            throw new JobException($"--iso {shown}: is a directory");
        }

        string folder = Path.GetDirectoryName(isoFile)!;
        if (!Directory.Exists(folder))
        {
            throw new JobException($"--iso {shown}: no such directory {Cli.ErrorText.Short(folder)}");
        }

        string pending = Path.Combine(folder, $".{Path.GetFileName(isoFile)}.{Environment.ProcessId}.tmp");
        try
        {
            // An existing FILE must be writable too: the rename would replace it even when it is not.
            if (File.Exists(isoFile))
            {
                using FileStream existing = new(isoFile, FileMode.Open, FileAccess.Write);
            }

            using FileStream created = new(pending, FileMode.Create, FileAccess.Write);
            return pending;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The reason without .NET's message, which names the temporary file rather than FILE.
            string reason = e is UnauthorizedAccessException ? "permission denied" : e is FileNotFoundException or DirectoryNotFoundException ? "the file system takes no new files there" : "an I/O error";
            throw new JobException($"--iso {shown}: cannot write there ({reason})");
        }
    }

    /// <summary>Refuses early, with the packages to install, when grub-mkrescue, xorriso or GRUB's BIOS files are missing.</summary>
    private static void CheckTools()
    {
        string[] missing = [.. new[] { MakeRescue, "xorriso" }.Where(tool => !OnPath(tool))];
        if (missing.Length > 0 || !Directory.Exists(BiosPlatformFolder))
        {
            string what = missing.Length > 0 ? string.Join(" and ", missing) : BiosPlatformFolder;
            throw new JobException($"--iso needs {what}: install the Debian packages grub-pc-bin, grub-common and xorriso");
        }
    }

    /// <summary>True when an executable named <paramref name="tool"/> is in a folder of PATH.</summary>
    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, tool)));

    /// <summary>Runs grub-mkrescue on <paramref name="stage"/> into <paramref name="output"/>; its last line becomes the error.</summary>
    private static void RunMakeRescue(string stage, string output)
    {
        var start = new ProcessStartInfo(MakeRescue)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // No fonts, locales or themes (the menu is never shown; GRUB's console is text) and compressed modules:
        // 1.6 MB of GRUB instead of about 9.
        foreach (string argument in new[] { "--directory", BiosPlatformFolder, "--locales=", "--fonts=", "--themes=", "--compress=xz", "--output", output, stage })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new JobException($"cannot start {MakeRescue}");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string last = (text + error.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            throw new JobException($"{MakeRescue} failed (status {process.ExitCode}): {last}");
        }
    }

    /// <summary>Deletes <paramref name="path"/> if it is there.</summary>
    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is named after FILE and the process.
        }
    }
}
