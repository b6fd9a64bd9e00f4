using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace Orleans.Coord.Grains;

/// <summary>
/// Grain references for the paths every operation takes. Orleans' <c>IGrainFactory.GetGrain&lt;T&gt;(key)</c> resolves
/// the interface's grain interface type by reflection over its attributes on every call (about 8 µs, a visible share of
/// a lock pair's CPU profile). <see cref="Reference{T}(IGrainFactory, string)"/> and its
/// overloads ask Orleans once per grain factory and interface, keep the grain interface type (and, for a key, the grain
/// type Orleans chose for it), and from then on only build the grain id. The reference they return is the one Orleans
/// would return.
/// </summary>
internal static class GrainReferences
{
    /// <summary>The grain of interface <typeparamref name="T"/> with the string key <paramref name="key"/>.</summary>
    public static T Reference<T>(this IGrainFactory grains, string key)
        where T : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return Resolved<T>.Keyed.TryGetValue(grains, out var types)
            ? (T)grains.GetGrain(GrainId.Create(types.Grain, IdSpan.Create(key)), types.Interface)
            : Remember(Resolved<T>.Keyed, grains, grains.GetGrain<T>(key));
    }

    /// <summary>The grain of interface <typeparamref name="T"/> with the Guid key <paramref name="key"/>.</summary>
    public static T Reference<T>(this IGrainFactory grains, Guid key)
        where T : IGrainWithGuidKey =>
        Resolved<T>.Keyed.TryGetValue(grains, out var types)
            ? (T)grains.GetGrain(GrainId.Create(types.Grain, GrainIdKeyExtensions.CreateGuidKey(key)), types.Interface)
            : Remember(Resolved<T>.Keyed, grains, grains.GetGrain<T>(key));

    /// <summary>The grain <paramref name="id"/> seen through interface <typeparamref name="T"/>.</summary>
    public static T Reference<T>(this IGrainFactory grains, GrainId id)
        where T : IAddressable =>
        Resolved<T>.ById.TryGetValue(grains, out var types)
            ? (T)grains.GetGrain(id, types.Interface)
            : Remember(Resolved<T>.ById, grains, grains.GetGrain<T>(id));

    /// <summary>Keeps what Orleans resolved for <paramref name="reference"/> (the factory's first of its kind) and returns it.</summary>
    private static T Remember<T>(ConditionalWeakTable<IGrainFactory, Types> table, IGrainFactory grains, T reference)
    {
        if (reference is GrainReference made)
        {
            table.TryAdd(grains, new Types(made.GrainId.Type, made.InterfaceType));
        }

        return reference;
    }

    /// <summary>What Orleans resolved for an interface in one grain factory: the grain type (of a keyed reference) and the grain interface type.</summary>
    private sealed record Types(GrainType Grain, GrainInterfaceType Interface);

    /// <summary>
    /// Per grain factory, what Orleans resolved for <typeparamref name="T"/>: for references made from a key (grain type
    /// and interface), and for references made from a grain id (only the interface is used; the id carries the type).
    /// </summary>
    private static class Resolved<T>
    {
        public static readonly ConditionalWeakTable<IGrainFactory, Types> Keyed = [];

        public static readonly ConditionalWeakTable<IGrainFactory, Types> ById = [];
    }
}
