# Precompiled headers: Qt's and the standard library's headers are most of
# what each source file costs to compile (a suite of the Studio's widgets:
# 13.7 s, 9.9 s with them; a packer suite: 10.1 s, 5.3 s). One header per
# flavour (cmake/pch/), precompiled once in a target of its own and reused
# by every target of that flavour (REUSE_FROM), so that single-file suites
# gain too.
#
# GCC uses a precompiled header only if every macro defined when it was made
# is defined alike where it is used: each flavour's target links the fewest
# Qt modules (its QT_*_LIB definitions are a subset of every user's), and the
# suites' flavours live in tests/ (Qt Test defines the suite's folder).
# Off for the libFuzzer build: clang rejects rather than ignores a header
# precompiled under other definitions, and that build is small.
option(PROMETEU_PCH "Precompile the Qt and standard headers (faster builds)" ON)

# prometeu_pch_flavour(<flavour> <Qt targets it needs>...): the target that
# precompiles cmake/pch/<flavour>.h, in the calling directory.
function(prometeu_pch_flavour flavour)
    if(NOT PROMETEU_PCH)
        return()
    endif()
    add_library(prometeu_pch_${flavour} OBJECT ${PROJECT_SOURCE_DIR}/cmake/pch/empty.cpp)
    set_target_properties(prometeu_pch_${flavour} PROPERTIES AUTOMOC OFF)
    target_link_libraries(prometeu_pch_${flavour} PRIVATE ${ARGN})
    target_precompile_headers(prometeu_pch_${flavour} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch/${flavour}.h)
endfunction()

# prometeu_use_pch(<flavour> <targets>...)
function(prometeu_use_pch flavour)
    if(NOT PROMETEU_PCH)
        return()
    endif()
    foreach(target IN LISTS ARGN)
        target_precompile_headers(${target} REUSE_FROM prometeu_pch_${flavour})
    endforeach()
endfunction()
