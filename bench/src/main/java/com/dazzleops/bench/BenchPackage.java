package com.dazzleops.bench; /** Marker so the bench module has a package; benchmark programs live beside it. */ final class BenchPackage { private BenchPackage() {} }
