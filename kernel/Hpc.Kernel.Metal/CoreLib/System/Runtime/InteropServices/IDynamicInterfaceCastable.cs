namespace System.Runtime.InteropServices;

/// <summary>Present because the compiler looks it up; never implemented on metal.</summary>
public unsafe interface IDynamicInterfaceCastable
{
    /// <summary>The compiler's lookup target.</summary>
    RuntimeTypeHandle GetInterfaceImplementation(RuntimeTypeHandle interfaceType);

    /// <summary>The compiler's resolution helper: dynamic casts do not exist on metal.</summary>
    internal static nint GetDynamicInterfaceImplementation(IDynamicInterfaceCastable instance, Internal.Runtime.MethodTable* interfaceType, ushort slot)
    {
        throw new PlatformNotSupportedException();
    }
}
