using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Hpc.Kernel.Metal.Runtime;

/// <summary>
/// Gives every type with reference-type statics its static base object before any C# runs that could touch one:
/// ILC lists the bases in the GC-static region of its ReadyToRun header (section 201). Each entry points (32-bit
/// relative) at a slot that holds, until initialised, the base type's MethodTable with flag bits and, when the
/// statics were preinitialised, a relative pointer to their data. We allocate the base, copy the data, and store
/// the object in the slot (what the compiled code reads).
/// </summary>
internal static unsafe class StaticsInitializer
{
    /// <summary>ReadyToRun section id of the GC-static region.</summary>
    private const int GCStaticRegionSection = 201;
    /// <summary>Slot flag: not initialised yet.</summary>
    private const nint Uninitialized = 1;
    /// <summary>Slot flag: preinitialised data follows.</summary>
    private const nint HasPreInitializedData = 2;
    /// <summary>"RTR" signature of the header.</summary>
    private const uint ReadyToRunSignature = 0x00525452;

    /// <summary>Initialises the statics of every module between <paramref name="modulesStart"/> and <paramref name="modulesEnd"/>.</summary>
    public static void Run(nint* modulesStart, nint* modulesEnd)
    {
        for (nint* module = modulesStart; module < modulesEnd; module++)
        {
            byte* header = (byte*)*module;
            if (header == null || *(uint*)header != ReadyToRunSignature)
            {
                continue;
            }

            int sectionCount = *(ushort*)(header + 12);
            int entrySize = header[14];
            byte* sections = header + 16;
            for (int i = 0; i < sectionCount; i++)
            {
                byte* section = sections + i * entrySize;
                if (*(int*)section == GCStaticRegionSection)
                {
                    InitializeRegion(*(byte**)(section + 8), *(byte**)(section + 16));
                }
            }
        }
    }

    /// <summary>Reads a 32-bit relative pointer.</summary>
    private static byte* Relative(byte* at) => at + *(int*)at;

    /// <summary>Initialises the bases listed in one region.</summary>
    private static void InitializeRegion(byte* start, byte* end)
    {
        for (byte* entry = start; entry < end; entry += sizeof(int))
        {
            nint* slot = (nint*)Relative(entry);
            nint value = (nint)Relative((byte*)slot);
            if ((value & Uninitialized) == 0)
            {
                continue;
            }

            var type = (MethodTable*)(value & ~(nint)3);
            object instance = Allocation.NewFast(type);
            if ((value & HasPreInitializedData) != 0)
            {
                byte* data = Relative((byte*)slot + sizeof(int));
                byte* target = *(byte**)Unsafe.AsPointer(ref instance) + sizeof(nint);
                SpanHelpers.Memmove(ref *target, ref *data, type->BaseSize - (uint)(2 * sizeof(nint)));
            }

            *slot = *(nint*)Unsafe.AsPointer(ref instance);
        }
    }
}
