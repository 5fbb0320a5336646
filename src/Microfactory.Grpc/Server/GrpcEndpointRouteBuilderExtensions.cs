using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microfactory.Grpc.Server.CallHandlers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microfactory.Grpc.Server;

/// <summary>
/// Maps gRPC methods onto ASP.NET Core endpoints. The first mapping also adds a catch-all that answers
/// UNIMPLEMENTED for any other gRPC path.
/// </summary>
public static class GrpcEndpointRouteBuilderExtensions
{
    private static readonly ConditionalWeakTable<IEndpointRouteBuilder, HashSet<string>> MappedServices = [];

    public static IEndpointConventionBuilder MapGrpcUnary<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, GrpcMethod<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var (options, time, logger) = Resolve(endpoints, method, MethodType.Unary, handler);
        return Map(endpoints, method, new UnaryServerCallHandler<TRequest, TResponse>(method, handler, options, time, logger).HandleCallAsync);
    }

    public static IEndpointConventionBuilder MapGrpcServerStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, GrpcMethod<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var (options, time, logger) = Resolve(endpoints, method, MethodType.ServerStreaming, handler);
        return Map(endpoints, method, new ServerStreamingServerCallHandler<TRequest, TResponse>(method, handler, options, time, logger).HandleCallAsync);
    }

    public static IEndpointConventionBuilder MapGrpcClientStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, GrpcMethod<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var (options, time, logger) = Resolve(endpoints, method, MethodType.ClientStreaming, handler);
        return Map(endpoints, method, new ClientStreamingServerCallHandler<TRequest, TResponse>(method, handler, options, time, logger).HandleCallAsync);
    }

    public static IEndpointConventionBuilder MapGrpcDuplexStreaming<TRequest, TResponse>(
        this IEndpointRouteBuilder endpoints, GrpcMethod<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var (options, time, logger) = Resolve(endpoints, method, MethodType.DuplexStreaming, handler);
        return Map(endpoints, method, new DuplexStreamingServerCallHandler<TRequest, TResponse>(method, handler, options, time, logger).HandleCallAsync);
    }

    private static (GrpcServerOptions Options, TimeProvider Time, ILogger Logger) Resolve<TRequest, TResponse>(
        IEndpointRouteBuilder endpoints, GrpcMethod<TRequest, TResponse> method, MethodType expected, Delegate handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        if (method.Type != expected)
        {
            throw new ArgumentException($"gRPC method {method.FullName} is {method.Type} and cannot be mapped as {expected}.", nameof(method));
        }

        var services = endpoints.ServiceProvider;
        var options = services.GetService<IOptions<GrpcServerOptions>>()?.Value ?? new GrpcServerOptions();
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Microfactory.Grpc.Server") ?? NullLogger.Instance;
        return (options, time, logger);
    }

    private static IEndpointConventionBuilder Map<TRequest, TResponse>(IEndpointRouteBuilder endpoints, GrpcMethod<TRequest, TResponse> method, RequestDelegate handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var services = MappedServices.GetValue(endpoints, builder =>
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            MapUnimplemented(builder, known);
            return known;
        });
        lock (services)
        {
            services.Add(method.ServiceName);
        }

        return endpoints.MapPost(method.FullName, handler).WithDisplayName($"gRPC {method.FullName}");
    }

    private static void MapUnimplemented(IEndpointRouteBuilder endpoints, HashSet<string> knownServices)
    {
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger("Microfactory.Grpc.Server") ?? NullLogger.Instance;
        var pattern = RoutePatternFactory.Parse(
            $"{{{UnimplementedCallHandler.ServiceParameter}}}/{{{UnimplementedCallHandler.MethodParameter}}}",
            defaults: null,
            parameterPolicies: new RouteValueDictionary { [UnimplementedCallHandler.MethodParameter] = new UnimplementedCallHandler.GrpcContentTypeConstraint() });
        var handler = new UnimplementedCallHandler(knownServices, logger);
        endpoints.Map(pattern, handler.HandleCallAsync)
            .WithMetadata(new HttpMethodMetadata(["POST"]))
            .WithDisplayName("gRPC unimplemented")
            // Last resort: any application route of the same shape wins over it.
            .Add(builder => ((RouteEndpointBuilder)builder).Order = int.MaxValue);
    }
}
