using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System.Runtime;

/// <summary>
/// Cast and array-store checks the compiler calls by name. Supported: exact types, class hierarchies and interface
/// maps; array covariance is not (an array casts only to its exact type, Array or Object).
/// </summary>
internal static unsafe class TypeCast
{
    /// <summary>True when an object of type <paramref name="source"/> is a <paramref name="target"/>.</summary>
    internal static bool IsAssignable(MethodTable* source, MethodTable* target)
    {
        if (source == target)
        {
            return true;
        }

        if (source->IsParameterized)
        {
            // An array is an Array and an Object: both are the root chain of any class type.
            return IsRootOrArray(target);
        }

        for (MethodTable* t = source->RelatedType; t != null; t = t->RelatedType)
        {
            if (t == target)
            {
                return true;
            }
        }

        MethodTable** map = source->InterfaceMap;
        for (int i = 0; i < source->InterfaceCount; i++)
        {
            if (map[i] == target)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for System.Object and System.Array.</summary>
    private static bool IsRootOrArray(MethodTable* target) => target == MethodTable.Of<object>() || target == MethodTable.Of<Array>();

    /// <summary><c>obj is T</c> for a class T.</summary>
    public static object? IsInstanceOfClass(void* toTypeHnd, object? obj) =>
        obj is null || IsAssignable(obj.RawMethodTable, (MethodTable*)toTypeHnd) ? obj : null;

    /// <summary><c>obj is T</c> for an interface T.</summary>
    public static object? IsInstanceOfInterface(void* toTypeHnd, object? obj) =>
        obj is null || IsAssignable(obj.RawMethodTable, (MethodTable*)toTypeHnd) ? obj : null;

    /// <summary><c>obj is T</c> for any T.</summary>
    public static object? IsInstanceOfAny(void* toTypeHnd, object? obj) =>
        obj is null || IsAssignable(obj.RawMethodTable, (MethodTable*)toTypeHnd) ? obj : null;

    /// <summary><c>obj is T</c> for an exception filter.</summary>
    public static bool IsInstanceOfException(void* toTypeHnd, object? obj) =>
        obj is not null && IsAssignable(obj.RawMethodTable, (MethodTable*)toTypeHnd);

    /// <summary><c>(T)obj</c> for a class T.</summary>
    public static object? CheckCastClass(void* toTypeHnd, object? obj) => CheckCastAny(toTypeHnd, obj);

    /// <summary><c>(T)obj</c> for a class T (the compiler's out-of-line path).</summary>
    public static object? CheckCastClassSpecial(void* toTypeHnd, object? obj) => CheckCastAny(toTypeHnd, obj);

    /// <summary><c>(T)obj</c> for an interface T.</summary>
    public static object? CheckCastInterface(void* toTypeHnd, object? obj) => CheckCastAny(toTypeHnd, obj);

    /// <summary><c>(T)obj</c> for any T.</summary>
    public static object? CheckCastAny(void* toTypeHnd, object? obj)
    {
        if (obj is null || IsAssignable(obj.RawMethodTable, (MethodTable*)toTypeHnd))
        {
            return obj;
        }

        throw new InvalidCastException();
    }

    /// <summary><c>array[index] = obj</c> for arrays of references.</summary>
    public static void StelemRef(object?[] array, nint index, object? obj)
    {
        if ((nuint)index >= (uint)array.Length)
        {
            throw new IndexOutOfRangeException();
        }

        if (obj is not null && !IsAssignable(obj.RawMethodTable, array.RawMethodTable->RelatedType))
        {
            throw new ArrayTypeMismatchException();
        }

        ref object? element = ref Unsafe.As<byte, object?>(ref Unsafe.As<RawArrayData>(array).Data);
        Unsafe.Add(ref element, index) = obj;
    }

    /// <summary><c>ref array[index]</c> for arrays of references, checking the exact element type.</summary>
    public static ref object? LdelemaRef(object?[] array, nint index, void* elementType)
    {
        if ((nuint)index >= (uint)array.Length)
        {
            throw new IndexOutOfRangeException();
        }

        if (array.RawMethodTable->RelatedType != (MethodTable*)elementType)
        {
            throw new ArrayTypeMismatchException();
        }

        ref object? element = ref Unsafe.As<byte, object?>(ref Unsafe.As<RawArrayData>(array).Data);
        return ref Unsafe.Add(ref element, index);
    }
}
