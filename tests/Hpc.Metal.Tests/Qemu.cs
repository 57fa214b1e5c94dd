using System.Diagnostics;
using System.Text;
using Hpc.EndToEnd.Tests;

namespace Hpc.Metal.Tests;

/// <summary>Boots the self-test image (built with the solution) in QEMU under TCG and captures its serial console.</summary>
internal static class Qemu
{
    /// <summary>The self-test image: kernel/Hpc.Kernel.Metal's build output.</summary>
    public static string SelfTestImage
    {
        get
        {
            string path = Path.Combine(HermitRun.RepoRoot, "kernel/Hpc.Kernel.Metal/bin/Release/net10.0/linux-x64/hpc-metal.elf");
            return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; build Hpc.sln first");
        }
    }

    /// <summary>
    /// Boots <see cref="SelfTestImage"/> with <paramref name="vcpus"/> vCPUs and kernel command line
    /// <paramref name="commandLine"/>, and with <paramref name="initrd"/> as the boot module when given (the kernel
    /// then runs that Linux program); returns QEMU's exit status and the serial output. The limit is a hang guard.
    /// </summary>
    public static (int Status, string Serial) Boot(string commandLine, int vcpus = 2, string? initrd = null)
    {
        List<string> arguments =
        [
            "-machine", "pc", "-accel", "tcg", "-cpu", "max", "-m", "128M", "-smp", vcpus.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-kernel", SelfTestImage, "-append", commandLine, "-display", "none", "-no-reboot", "-serial", "stdio",
            "-monitor", "none", "-nic", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
        ];
        if (initrd is not null)
        {
            arguments.AddRange(["-initrd", initrd]);
        }

        (int status, string serial, _) = Run(arguments, TimeSpan.FromMinutes(2), $"QEMU with '{commandLine}' did not end");
        return (status, serial);
    }

    /// <summary>
    /// Runs QEMU with <paramref name="arguments"/> and returns its status, its serial console and standard error (one
    /// text) and how long it ran; past <paramref name="limit"/> it is killed and the test fails with
    /// <paramref name="hung"/> and the output so far.
    /// </summary>
    public static (int Status, string Serial, TimeSpan Took) Run(IEnumerable<string> arguments, TimeSpan limit, string hung)
    {
        var start = new ProcessStartInfo("qemu-system-x86_64")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data.TrimEnd('\r')).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill();
            process.WaitForExit();
            Assert.Fail($"{hung}\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString(), clock.Elapsed);
        }
    }

    /// <summary>The job status a QEMU status stands for: (v &lt;&lt; 1) | 1 carries v; 255 is a panic.</summary>
    public static int JobStatus(int qemuStatus) => qemuStatus == 255 ? -1 : (qemuStatus & 1) == 1 ? qemuStatus >> 1 : -2;
}
