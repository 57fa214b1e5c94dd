using System.Text;
using Hpc.Proxy.Cli;

namespace Hpc.Proxy.Running.Metal;

/// <summary>
/// The grub.cfg of a bootable ISO: no menu (timeout 0), GRUB's console on the first serial port (115200 8N1, what
/// the kernel sets) and the screen, then the kernel booted by multiboot2 with the job as its module. The job's
/// arguments follow " -- " on the kernel command line, as the PVH path passes them (QemuCommand).
/// </summary>
internal static class GrubConfig
{
    /// <summary>Where the kernel lies on the ISO.</summary>
    public const string KernelPath = "/boot/hpc-metal.elf";

    /// <summary>Where the job (the kernel's boot module) lies on the ISO.</summary>
    public const string ModulePath = "/boot/job.elf";

    /// <summary>grub.cfg for the kernel with the job as its module and <paramref name="jobArgs"/>.</summary>
    public static string Text(string title, IReadOnlyList<string> jobArgs)
    {
        CheckArguments(jobArgs);
        var kernelLine = new StringBuilder($"    multiboot2 {KernelPath}");
        if (jobArgs.Count > 0)
        {
            kernelLine.Append(" --");
            foreach (string argument in jobArgs)
            {
                kernelLine.Append(" '").Append(argument).Append('\'');
            }
        }

        var text = new StringBuilder();
        text.Append("set timeout=0\n");
        text.Append("set default=0\n");
        text.Append("serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1\n");
        text.Append("terminal_input serial console\n");
        text.Append("terminal_output serial console\n");
        text.Append("menuentry '").Append(Printable(title)).Append("' {\n");
        text.Append(kernelLine).Append('\n');
        text.Append($"    module2 {ModulePath} job\n");
        text.Append("    boot\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// Refuses arguments the kernel command line cannot carry as it is: the kernel splits the line at spaces, and
    /// GRUB escapes quotes and backslashes when it builds the line; single quotes would also end grub.cfg's quoting.
    /// </summary>
    public static void CheckArguments(IReadOnlyList<string> jobArgs)
    {
        foreach (string argument in jobArgs)
        {
            if (argument.Length == 0 || argument.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\'' or '"' or '\\'))
            {
                throw new JobException($"--iso: the job argument {ErrorText.Quote(argument)} cannot go on the kernel command line (no empty arguments, spaces, quotes or backslashes)");
            }
        }
    }

    /// <summary><paramref name="title"/> with what would end grub.cfg's single quotes or a line left out.</summary>
    private static string Printable(string title) => new([.. title.Where(c => !char.IsControl(c) && c != '\'')]);
}
