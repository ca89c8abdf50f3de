#if canImport(Glibc)
import Glibc

/// glibc's malloc controls (`mallopt`, `malloc_trim`): Glibc's Swift module
/// does not import <malloc.h>, so they are looked up at run time and called
/// through C function pointers, with C's calling convention (which
/// `@_silgen_name` would not guarantee).
enum GlibcMalloc {
    static let mallopt = function("mallopt", as: (@convention(c) (CInt, CInt) -> CInt).self)
    static let mallocTrim = function("malloc_trim", as: (@convention(c) (Int) -> CInt).self)

    private static func function<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
#endif
