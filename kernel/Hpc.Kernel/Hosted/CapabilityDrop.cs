using System.Globalization;
using System.Runtime.InteropServices;
using Hpc.Protocol;

namespace Hpc.Hosted;

/// <summary>
/// Gives up every capability for good before the isle runs the job: the bounding set (so the re-executed runtime
/// cannot regain any), the ambient set, the thread's effective, permitted and inheritable sets, and the securebits
/// that would otherwise hand uid 0 a full set again at <c>execve</c>. Started as root, an isle keeps its uid (its
/// files stay its own) but none of root's powers: no CAP_SYS_BOOT, raw sockets, nice -20, chroot, chown or
/// DAC override.
/// </summary>
internal static unsafe class CapabilityDrop
{
    /// <summary><c>PR_CAPBSET_DROP</c>.</summary>
    private const int PrCapBsetDrop = 24;
    /// <summary><c>PR_SET_SECUREBITS</c>.</summary>
    private const int PrSetSecureBits = 28;
    /// <summary><c>PR_CAP_AMBIENT</c>.</summary>
    private const int PrCapAmbient = 47;
    /// <summary><c>PR_CAP_AMBIENT_CLEAR_ALL</c>.</summary>
    private const int PrCapAmbientClearAll = 4;
    /// <summary><c>_LINUX_CAPABILITY_VERSION_3</c>.</summary>
    private const uint CapabilityVersion3 = 0x20080522;
    /// <summary>CAP_SETPCAP: needed for securebits and the bounding set.</summary>
    private const int CapSetPcap = 8;

    /// <summary>
    /// SECBIT_NOROOT, SECBIT_NO_SETUID_FIXUP, SECBIT_KEEP_CAPS_LOCKED (keep-caps off), SECBIT_NO_CAP_AMBIENT_RAISE,
    /// each with its lock bit: uid 0 gets no capabilities at execve, now or after any later change.
    /// </summary>
    private const nuint LockedSecureBits = 0x01 | 0x02 | 0x04 | 0x08 | 0x20 | 0x40 | 0x80;

    /// <summary><c>struct __user_cap_header_struct</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        /// <summary>The ABI version.</summary>
        public uint Version;
        /// <summary>0: the calling thread.</summary>
        public int Pid;
    }

    /// <summary>One 32-bit word of <c>struct __user_cap_data_struct</c> (version 3 takes two).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        /// <summary>Effective set.</summary>
        public uint Effective;
        /// <summary>Permitted set.</summary>
        public uint Permitted;
        /// <summary>Inheritable set.</summary>
        public uint Inheritable;
    }

    /// <summary>
    /// Drops everything. A thread without CAP_SETPCAP (an unprivileged start) has nothing in its effective set to
    /// lose; the bounding set then stays as it is, which grants nothing without privileges to regain.
    /// </summary>
    /// <exception cref="ConfinementException">A step failed while it was allowed.</exception>
    public static void DropAll()
    {
        bool canSetPcap = HasEffective(CapSetPcap);
        if (canSetPcap)
        {
            if (LibC.Prctl(PrSetSecureBits, LockedSecureBits, 0, 0, 0) != 0)
            {
                throw ConfinementException.FromLastError("prctl(PR_SET_SECUREBITS)");
            }

            int last = LastCapability();
            for (int cap = 0; cap <= last; cap++)
            {
                if (LibC.Prctl(PrCapBsetDrop, (nuint)cap, 0, 0, 0) != 0 && Marshal.GetLastPInvokeError() != LinuxErrno.EINVAL)
                {
                    throw ConfinementException.FromLastError($"prctl(PR_CAPBSET_DROP, {cap})");
                }
            }
        }

        // Not supported before Linux 4.3: nothing ambient to clear then.
        _ = LibC.Prctl(PrCapAmbient, PrCapAmbientClearAll, 0, 0, 0);

        CapHeader header = new() { Version = CapabilityVersion3 };
        CapData* data = stackalloc CapData[2];
        data[0] = default;
        data[1] = default;
        if (LibC.Syscall3(LibC.SysCapset, (nint)(&header), (nint)data, 0) != 0)
        {
            throw ConfinementException.FromLastError("capset(0)");
        }
    }

    /// <summary>The effective capabilities of this process as the hexadecimal mask <c>/proc/self/status</c> shows.</summary>
    public static ulong Effective() => StatusMask("CapEff:");

    /// <summary>The bounding set of this process.</summary>
    public static ulong Bounding() => StatusMask("CapBnd:");

    /// <summary>True when capability <paramref name="cap"/> is in the effective set.</summary>
    private static bool HasEffective(int cap) => (Effective() & (1UL << cap)) != 0;

    /// <summary>A capability mask line of <c>/proc/self/status</c>.</summary>
    private static ulong StatusMask(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return ulong.Parse(line.AsSpan(key.Length).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>The highest capability number this kernel knows.</summary>
    private static int LastCapability()
    {
        string text = File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int last) ? last : 63;
    }
}
