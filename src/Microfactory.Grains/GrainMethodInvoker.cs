using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace Microfactory.Grains;

/// <summary>
/// Turns a call on a grain interface into a typed call on the grain instance, compiled once per method so the
/// proxy does no reflection per call.
/// </summary>
internal abstract class GrainMethodInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethodInvoker> Cache = new();

    protected GrainMethodInvoker(MethodInfo method)
    {
        Name = $"{method.DeclaringType!.Name}/{method.Name}";
    }

    /// <summary>The span name: interface and method, e.g. "IOrderGrain/SubmitAsync".</summary>
    public string Name { get; }

    public static GrainMethodInvoker For(MethodInfo method) => Cache.GetOrAdd(method, Create);

    public abstract object Invoke(GrainHost host, GrainId id, GrainTypeInfo type, object?[] args);

    private static GrainMethodInvoker Create(MethodInfo method)
    {
        var target = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType))
            .ToArray<Expression>();
        var call = Expression.Call(Expression.Convert(target, method.DeclaringType!), method, parameters);

        if (method.ReturnType == typeof(Task))
        {
            var untyped = Expression.Lambda<Func<object, object?[], Task>>(call, target, args).Compile();
            return new VoidInvoker(method, untyped);
        }

        var resultType = method.ReturnType.GetGenericArguments()[0];
        var delegateType = typeof(Func<,,>).MakeGenericType(typeof(object), typeof(object?[]), method.ReturnType);
        var typed = Expression.Lambda(delegateType, call, target, args).Compile();
        return (GrainMethodInvoker)Activator.CreateInstance(typeof(ResultInvoker<>).MakeGenericType(resultType), method, typed)!;
    }

    private sealed class VoidInvoker(MethodInfo method, Func<object, object?[], Task> call) : GrainMethodInvoker(method)
    {
        public override object Invoke(GrainHost host, GrainId id, GrainTypeInfo type, object?[] args) =>
            host.InvokeAsync(id, type, Name, async grain =>
            {
                await call(grain, args).ConfigureAwait(false);
                return true;
            });
    }

    private sealed class ResultInvoker<T>(MethodInfo method, Func<object, object?[], Task<T>> call) : GrainMethodInvoker(method)
    {
        public override object Invoke(GrainHost host, GrainId id, GrainTypeInfo type, object?[] args) =>
            host.InvokeAsync(id, type, Name, grain => call(grain, args));
    }
}
