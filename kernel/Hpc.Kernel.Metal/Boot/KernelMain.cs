using System.Runtime.InteropServices;
using Hpc.Kernel.Metal.Drivers;
using Hpc.Kernel.Metal.Linux;
using Hpc.Kernel.Metal.Memory;
using Hpc.Kernel.Metal.Platform;
using Hpc.Kernel.Metal.Runtime;
using Hpc.Kernel.Metal.Scheduling;

namespace Hpc.Kernel.Metal.Boot;

/// <summary>
/// The bootstrap processor's C# entry: memory, per-cpu block, statics, console, clock, local APIC, the cpu list,
/// the segment, the other cpus; then the job: the Linux program booted as the module (QEMU -initrd, or GRUB's
/// module2; <see cref="LinuxProgram"/>), whose exit_group ends the VM, or without a module the self-test, whose
/// status ends the VM.
/// </summary>
internal static unsafe class KernelMain
{
    /// <summary>Cpus the MADT may list.</summary>
    private const int MaxListedCpus = 256;

    /// <summary>The boot stub calls this with the loader's boot information and which protocol handed it over.</summary>
    [UnmanagedCallersOnly(EntryPoint = "HpcKernelMain")]
    private static void Main(void* bootInformation, BootProtocol protocol)
    {
        ulong bootTsc = Cpu.ReadTsc();
        CpuLocal.Install(0);
        SerialPort.Setup();
        // Read before page 0 goes and memory is handed out: PVH's module list lies in low memory the loader owns.
        BootLoaderInfo loader = protocol == BootProtocol.Multiboot2
            ? Multiboot2Info.Describe((byte*)bootInformation)
            : HvmStartInfo.Describe((HvmStartInfo*)bootInformation);
        ulong moduleAddress = loader.ModuleAddress, moduleSize = loader.ModuleSize;
        SetupMemory(&loader, moduleAddress, moduleAddress + moduleSize);
        // Statics before anything that may read a reference-type static (or allocate a closure).
        StaticsInitializer.Run(LinkerSymbols.ModulesStart, LinkerSymbols.ModulesEnd);
        Clock.BootTsc = bootTsc;
        BootInfo.CommandLine = ReadCommandLine(loader.CommandLineAddress);
        ulong rsdp = loader.RsdpAddress;
        Cpu.UnmapPageZero();
        MaskLegacyPic();

        LocalApic.Probe();
        CpuLocal* local = Cpu.Local();
        local->ApicId = LocalApic.EnableOnThisCpu();
        local->Online = 1;

        int* apicIds = stackalloc int[MaxListedCpus];
        int cpus = Acpi.ReadCpus(rsdp, apicIds, MaxListedCpus);
        BootInfo.ListedCpus = cpus;
        ProxyChannel.Attach();
        Smp.StartAll(cpus, &CalibrateClock);
        BootInfo.EntryMicroseconds = Clock.MicrosecondsSinceBoot;

        if (moduleSize != 0)
        {
            LinuxProgram.Run(moduleAddress, moduleSize);
        }

        Exit.Job(SelfTest.SelfTestJob.Main());
    }

    /// <summary>Runs while the other cpus take their INIT (10 ms of PIT or a few times that on a loaded host; see Clock.Calibrate).</summary>
    private static void CalibrateClock() => Clock.Calibrate(10);

    /// <summary>
    /// Takes the largest RAM range of the memory map that lies above the image and below 4 GiB, less the boot
    /// module [<paramref name="moduleStart"/>, <paramref name="moduleEnd"/>) (QEMU puts it at the top of low RAM, GRUB
    /// wherever it finds room).
    /// </summary>
    private static void SetupMemory(BootLoaderInfo* loader, ulong moduleStart, ulong moduleEnd)
    {
        ulong imageEnd = (ulong)LinkerSymbols.ImageEnd;
        ulong bestStart = imageEnd, bestEnd = 64UL << 20;
        if (loader->MemoryMapAddress != 0)
        {
            bestEnd = bestStart;
            for (uint i = 0; i < loader->MemoryMapEntries; i++)
            {
                byte* entry = (byte*)loader->MemoryMapAddress + (ulong)i * loader->MemoryMapEntrySize;
                ulong start = *(ulong*)entry, size = *(ulong*)(entry + 8);
                uint type = *(uint*)(entry + 16);
                ulong end = start + size;
                if (type != 1 || end <= imageEnd)
                {
                    continue;
                }

                if (start < imageEnd)
                {
                    start = imageEnd;
                }

                if (end > 1UL << 32)
                {
                    end = 1UL << 32;
                }

                if (end > start && end - start > bestEnd - bestStart)
                {
                    bestStart = start;
                    bestEnd = end;
                }
            }
        }

        if (moduleEnd > moduleStart && moduleStart < bestEnd && moduleEnd > bestStart)
        {
            // Keep the larger side of the module.
            ulong below = moduleStart > bestStart ? moduleStart - bestStart : 0;
            ulong above = bestEnd > moduleEnd ? bestEnd - moduleEnd : 0;
            if (below >= above)
            {
                bestEnd = moduleStart;
            }
            else
            {
                bestStart = moduleEnd;
            }
        }

        PhysicalMemory.Setup(bestStart, bestEnd);
    }

    /// <summary>Copies the command line into a string (its memory may be reused later).</summary>
    private static string ReadCommandLine(ulong address)
    {
        if (address == 0)
        {
            return "";
        }

        byte* text = (byte*)address;
        int length = 0;
        while (text[length] != 0 && length < 4096)
        {
            length++;
        }

        char* chars = stackalloc char[length + 1];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)text[i];
        }

        return string.FromChars(chars, length);
    }

    /// <summary>The firmware leaves the 8259 on vectors 8–15 (CPU exceptions): move it to 0x20 and mask every line.</summary>
    private static void MaskLegacyPic()
    {
        Cpu.OutByte(0x20, 0x11);
        Cpu.OutByte(0xA0, 0x11);
        Cpu.OutByte(0x21, 0x20);
        Cpu.OutByte(0xA1, 0x28);
        Cpu.OutByte(0x21, 0x04);
        Cpu.OutByte(0xA1, 0x02);
        Cpu.OutByte(0x21, 0x01);
        Cpu.OutByte(0xA1, 0x01);
        Cpu.OutByte(0x21, 0xFF);
        Cpu.OutByte(0xA1, 0xFF);
    }
}
