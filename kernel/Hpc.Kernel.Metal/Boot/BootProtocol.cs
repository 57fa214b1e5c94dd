namespace Hpc.Kernel.Metal.Boot;

/// <summary>How the kernel was booted: which entry of boot.asm ran (its values are boot.asm's BOOT_PROTOCOL_*).</summary>
internal enum BootProtocol : uint
{
    /// <summary>PVH (QEMU <c>-kernel</c>): the boot information is Xen's hvm_start_info.</summary>
    Pvh = 1,

    /// <summary>Multiboot2 (GRUB, e.g. from the ISO <c>hermit-run --iso</c> writes): the boot information is a copy of GRUB's tags.</summary>
    Multiboot2 = 2,
}
