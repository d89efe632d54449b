#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Swaps two paths in one step, so a reader sees either the one folder or the other under each name, never neither.
///
/// Linux has `renameat2(…, RENAME_EXCHANGE)` (since 3.15, in glibc since 2.28). Swift's Glibc module does not declare
/// it (it is a GNU extension), so it is looked up in the C library at run time.
enum DirectoryExchange {
    /// What an exchange did.
    enum Outcome {
        /// Both paths now name what the other named.
        case exchanged
        /// The system or the file system cannot exchange; nothing changed.
        case unsupported
        /// The exchange failed with this `errno`; nothing changed.
        case failed(Int32)
    }

    static func exchange(_ first: String, _ second: String) -> Outcome {
        #if canImport(Glibc)
        guard let renameat2 else { return .unsupported }
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 { return .exchanged }
        switch errno {
        case ENOSYS, EINVAL: return .unsupported
        case let code: return .failed(code)
        }
        #else
        return .unsupported
        #endif
    }

    #if canImport(Glibc)
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32)
        -> Int32

    /// `RENAME_EXCHANGE` from `<linux/fs.h>`.
    private static let renameExchange: UInt32 = 1 << 1

    /// glibc's `renameat2`, or nil on a C library without it.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()
    #endif
}
