<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>main</name>
    <message>
        <location filename="../../app/gui/main.cpp" line="+46"/>
        <source>Train ResNet and DenseNet image classifiers side by side and compare them live.</source>
        <translation>并排训练残差网络（ResNet）与密集连接网络（DenseNet）图像分类器，并实时比较。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Start training at once with the last settings.</source>
        <translation>立即以上次的设置开始训练。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Stop and quit after this many seconds, printing the event loop&apos;s latency (for measurements).</source>
        <translation>在指定的秒数后停止并退出，同时打印事件循环的延迟（用于测量）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the window, let it settle, and exit (0 if all went well).</source>
        <translation>打开窗口，稍候片刻后退出（一切正常时返回 0）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>With --quit-after: save a picture of the window to this PNG file just before quitting.</source>
        <translation>与 --quit-after 一起使用：退出前将窗口截图保存到此 PNG 文件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Load a named experiment first: default, tutorial or tutorial-probe (as Recipes in the menu).</source>
        <translation>先载入指定名称的实验：default、tutorial 或 tutorial-probe（与菜单“实验方案”相同）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write the comparison report of this run folder to the file -o names (.html or .pdf) and exit, without a window.</source>
        <translation>把该运行文件夹的对比报告写入 -o 指定的文件（.html 或 .pdf）后退出，不打开窗口。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>With --report: the report file (.html or .pdf).</source>
        <translation>与 --report 一起使用：报告文件（.html 或 .pdf）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Classify the images given again every this many seconds, as if dropped (for measurements).</source>
        <translation>每隔指定的秒数重新分类给定的图像，如同再次拖放（用于测量）。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A run folder to open, or images to classify.</source>
        <translation>要打开的运行文件夹，或要分类的图像。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>--report needs the report file: -o FILE.html or -o FILE.pdf.</source>
        <translation>--report 需要报告文件：-o FILE.html 或 -o FILE.pdf。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ChartExport</name>
    <message>
        <location filename="../../ui/chart_export.cpp" line="+30"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location line="+32"/>
        <location line="+9"/>
        <source>Writing %1 failed (%2); any earlier file there is unchanged.</source>
        <translation>写入 %1 失败（%2）；该位置原有的文件保持不变。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Charts are exported as .png, .pdf or .svg, not “.%1”.</source>
        <translation>图表只能导出为 .png、.pdf 或 .svg，不能导出为“.%1”。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Could not encode the PNG for %1.</source>
        <translation>无法为 %1 编码 PNG。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ClassesView</name>
    <message>
        <location filename="../../ui/classes_view.cpp" line="+145"/>
        <source>Test set (best checkpoints)</source>
        <translation>测试集（最佳检查点）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation (last epoch)</source>
        <translation>验证集（最后一轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Results on:</source>
        <translation>结果来自：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Evaluate the best checkpoints on the test set</source>
        <translation>在测试集上评估最佳检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classify every test image with each model&apos;s best checkpoint and keep the predictions in the run folder</source>
        <translation>用每个模型的最佳检查点对每张测试图像分类，并把预测保存在运行文件夹中</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+57"/>
        <source>Click a cell to list its test images.</source>
        <translation>点击一个单元格以列出其中的测试图像。</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>test image #%1</source>
        <translation>测试图像 #%1</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Train or open a run: each model&apos;s confusion matrix appears here after its first validation.</source>
        <translation>训练或打开一个运行：每个模型的混淆矩阵会在其第一次验证后显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No results for this model on this split.</source>
        <translation>该模型在此数据划分上没有结果。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A − B (share of each true class, points)</source>
        <translation>A − B（各真实类别中的占比，百分点）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The difference needs both models&apos; results.</source>
        <translation>差值需要两个模型的结果。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Images are listed for the test set.</source>
        <translation>只为测试集列出图像。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Click to classify it with both models and see their Grad-CAMs</source>
        <translation>点击以用两个模型对其分类并查看它们的 Grad-CAM</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(the first %1 of %2 listed)</source>
        <translation>（列出 %2 张中的前 %1 张）</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ClassifyFlow</name>
    <message>
        <location filename="../../ui/classify_flow.cpp" line="+45"/>
        <source>Model %1 cannot classify: %2</source>
        <translation>模型 %1 无法分类：%2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Cannot classify</source>
        <translation>无法分类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 is not a local file; save it first, then drop the file.</source>
        <translation>%1 不是本地文件；请先保存，再拖放该文件。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>dropped image</source>
        <translation>拖放的图像</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+8"/>
        <source>No trained model yet: start training or open a run.</source>
        <translation>尚无训练好的模型：请开始训练或打开一个运行。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>pasted image</source>
        <translation>粘贴的图像</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Classify images</source>
        <translation>分类图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (%1);;All files (*)</source>
        <translation>图像 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Classifying with: %1</source>
        <translation>分类所用模型：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ClassifyPanel</name>
    <message>
        <location filename="../../ui/classify_panel.cpp" line="+29"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the results below</source>
        <translation>清除下方的结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Grad-CAM opacity</source>
        <translation>Grad-CAM 不透明度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How strongly each model&apos;s Grad-CAM map covers the image: 0 shows the image alone, 100 the map alone</source>
        <translation>每个模型的 Grad-CAM 热力图覆盖图像的程度：0 只显示图像，100 只显示热力图</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Drop image files anywhere on this window (or paste one with Ctrl+V, or use File → Classify images…) to see what both models make of them. It works during training too, with the weights as they are at that moment.</source>
        <translation>把图像文件拖放到本窗口任意位置（或用 Ctrl+V 粘贴，或使用“文件 → 分类图像…”），查看两个模型如何判断它们。训练期间同样可用，使用的是当下的权重。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ComparisonTable</name>
    <message>
        <location filename="../../ui/comparison_table.cpp" line="+19"/>
        <source>Model A</source>
        <translation>模型 A</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Model B</source>
        <translation>模型 B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MACs per image</source>
        <translation>每张图像的乘加运算量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Best validation accuracy</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time per epoch</source>
        <translation>每轮用时</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Inference latency</source>
        <translation>推理延迟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training memory</source>
        <translation>训练内存</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Significance</source>
        <translation>显著性</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multiply-accumulates of one forward pass (convolutions and linear layers).</source>
        <translation>一次前向传播的乘加运算量（卷积层和线性层）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One image through the trained model, measured at the end of the run.</source>
        <translation>训练好的模型处理一张图像的用时，在运行结束时测量。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The most tensor memory one training step of this model held: weights, gradients, optimizer state and activations, counted through LibTorch&apos;s allocator for this model alone (both models share one process).</source>
        <translation>该模型单个训练步占用的最大张量内存：权重、梯度、优化器状态和激活值，通过 LibTorch 的分配器仅为该模型统计（两个模型共用一个进程）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Are the two test accuracies really different? McNemar&apos;s exact test on the images one model got right and the other wrong, with a paired-bootstrap 95 % interval of the difference (resdense stats gives the details).</source>
        <translation>两个测试准确率真的不同吗？对一个模型判对、另一个判错的图像做 McNemar 精确检验，并给出差值的配对自助法 95% 区间（resdense stats 给出详细结果）。</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>(off)</source>
        <translation>（关闭）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No significant difference (%1)</source>
        <translation>无显著差异（%1）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A is better by %1 points (%2)</source>
        <translation>A 高 %1 个百分点（%2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>B is better by %1 points (%2)</source>
        <translation>B 高 %1 个百分点（%2）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not enough data to tell the models apart</source>
        <translation>数据不足，无法区分两个模型</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>%1 ± %2 % (%n runs)</source>
        <translation>
            <numerusform>%1 ± %2%（%n 次运行）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Mean ± standard deviation over %n runs; 95 % t-interval %1 to %2.</source>
        <translation>
            <numerusform>%n 次运行的均值 ± 标准差；95% t 区间为 %1 至 %2。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Paired t-test over %n seeds on the test accuracies: B − A = %1 points on average (95 % interval %2 to %3).</source>
        <translation>
            <numerusform>对 %n 个随机种子的测试准确率做配对 t 检验：B − A 平均为 %1 个百分点（95% 区间 %2 至 %3）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 (epoch %2)</source>
        <translation>%1（第 %2 轮）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no validation split</source>
        <translation>未划分验证集</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+14"/>
        <source>%1 images/s</source>
        <translation>%1 图像/秒</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
</context>
<context>
    <name>resdense::ui::Confusion</name>
    <message>
        <location filename="../../ui/confusion_painter.cpp" line="+70"/>
        <source>predicted</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ConfusionWidget</name>
    <message>
        <location filename="../../ui/classes_view.cpp" line="-226"/>
        <source>True %1, predicted %2</source>
        <translation>真实：%1，预测：%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 of %3 images (%4)</source>
        <translation>%1：%3 张图像中的 %2 张（%4）</translation>
    </message>
</context>
<context>
    <name>resdense::ui::CurveSheet</name>
    <message>
        <location filename="../../ui/curve_sheet.cpp" line="+42"/>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training time (s)</source>
        <translation>训练时间（秒）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images seen</source>
        <translation>已见图像数</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source> train (raw)</source>
        <translation> 训练（原始）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> train</source>
        <translation> 训练</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> validation</source>
        <translation> 验证</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> best epoch</source>
        <translation> 最佳轮次</translation>
    </message>
    <message numerus="yes">
        <location line="+126"/>
        <source>%1 mean ± std (%n runs)</source>
        <translation>
            <numerusform>%1 均值 ± 标准差（%n 次运行）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>resdense::ui::CurvesView</name>
    <message>
        <location filename="../../ui/curves_view.cpp" line="+30"/>
        <source>Overlaid</source>
        <translation>叠加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overlaid: A and B in one chart per metric. Side by side: A&apos;s charts left, B&apos;s right, with the same axes.</source>
        <translation>叠加：每个指标一张图表，同时显示 A 和 B。并排：A 的图表在左，B 的在右，坐标轴相同。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training time</source>
        <translation>训练时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images seen</source>
        <translation>已见图像数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare by epoch, by seconds of training (which model learns faster in real time), or by images seen.</source>
        <translation>按轮次、按训练秒数（哪个模型在实际时间里学得更快）或按已见图像数比较。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>EMA</source>
        <translation>EMA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moving average</source>
        <translation>移动平均</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No smoothing</source>
        <translation>不平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smooths the noisy per-batch training curves; the raw curve stays visible behind it, faint.</source>
        <translation>平滑按批次记录、噪声较大的训练曲线；原始曲线仍以浅色显示在其后方。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Smoothing strength</source>
        <translation>平滑强度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log loss</source>
        <translation>损失对数刻度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logarithmic loss axis</source>
        <translation>损失轴使用对数刻度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fit</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit the axes to the data again (or double-click a chart). Drag to pan, wheel to zoom.</source>
        <translation>让坐标轴重新适应数据（或双击图表）。拖动以平移，滚轮缩放。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>View:</source>
        <translation>视图：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>X axis:</source>
        <translation>X 轴：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Smoothing:</source>
        <translation>平滑：</translation>
    </message>
    <message>
        <location line="+149"/>
        <location line="+10"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>resdense::ui::DatasetCheck</name>
    <message>
        <location filename="../../ui/dataset_check.cpp" line="+22"/>
        <source>%1: %2 training · %3 validation · %4 test images · %5×%6×%7 · %8 classes</source>
        <translation>%1：训练 %2 · 验证 %3 · 测试 %4 张图像 · %5×%6×%7 · %8 个类别</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source> (%n file(s) skipped: not readable images)</source>
        <translation>
            <numerusform>（跳过 %n 个文件：不是可读取的图像）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>resdense::ui::DisagreementsView</name>
    <message>
        <location filename="../../ui/disagreements_view.cpp" line="+32"/>
        <source>Most confident mistakes first</source>
        <translation>置信度最高的错误在前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Least confident mistakes first</source>
        <translation>置信度最低的错误在前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test set order</source>
        <translation>测试集顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sort:</source>
        <translation>排序：</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>test image #%1</source>
        <translation>测试图像 #%1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>A right, B wrong (%1)</source>
        <translation>A 对、B 错（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B right, A wrong (%1)</source>
        <translation>B 对、A 错（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both wrong (%1)</source>
        <translation>两者都错（%1）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>When both models have been tested, the test images they answer differently about appear here.</source>
        <translation>两个模型都完成测试后，它们回答不同的测试图像会显示在这里。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Test image #%1, a %2. A says %3 (%4), B says %5 (%6). Click to classify it with both models and see their Grad-CAMs.</source>
        <translation>测试图像 #%1，类别为 %2。A 判断为 %3（%4），B 判断为 %5（%6）。点击以用两个模型对其分类并查看它们的 Grad-CAM。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No such images.</source>
        <translation>没有这样的图像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 images; the first %2 are shown.</source>
        <translation>共 %1 张图像；显示前 %2 张。</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n image(s). Click one to classify it with both models.</source>
        <translation>
            <numerusform>%n 张图像。点击其中一张，用两个模型对其分类。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>resdense::ui::ExperimentPanel</name>
    <message>
        <location filename="../../ui/experiment_panel.cpp" line="+55"/>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fashion-MNIST (built in)</source>
        <translation>Fashion-MNIST（内置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MNIST (folder)</source>
        <translation>MNIST（文件夹）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CIFAR-10 (folder)</source>
        <translation>CIFAR-10（文件夹）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CIFAR-100 (folder)</source>
        <translation>CIFAR-100（文件夹）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image folder (one folder per class)</source>
        <translation>图像文件夹（每个类别一个文件夹）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shapes (generated)</source>
        <translation>Shapes（生成的图形）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The images to train on. Fashion-MNIST ships with Debian (dataset-fashion-mnist): 60,000 training and 10,000 test images of clothing, 28×28 gray, 10 classes.</source>
        <translation>用于训练的图像。Fashion-MNIST 随 Debian 提供（dataset-fashion-mnist）：60,000 张训练图像和 10,000 张测试图像，内容为服饰，28×28 灰度，10 个类别。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Dataset:</source>
        <translation>数据集(&amp;D)：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder with the dataset files</source>
        <translation>存放数据集文件的文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MNIST: the four IDX files (.gz or not). CIFAR: the binary version&apos;s folder. Image folder: one subfolder per class, or train/ and test/ each with one subfolder per class.</source>
        <translation>MNIST：四个 IDX 文件（可为 .gz）。CIFAR：二进制版本的文件夹。图像文件夹：每个类别一个子文件夹，或 train/ 和 test/ 下各有每个类别一个子文件夹。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+139"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location line="-138"/>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images are resized to this height and width (pixels).</source>
        <translation>图像缩放到此高度和宽度（像素）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+33"/>
        <location line="+4"/>
        <location line="+25"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location line="-61"/>
        <source>Image size:</source>
        <translation>图像尺寸：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Color (3 channels)</source>
        <translation>彩色（3 通道）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gray (1 channel)</source>
        <translation>灰度（1 通道）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channels:</source>
        <translation>通道：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Share of the training images held out (stratified by class) to validate on after each epoch. 0 turns validation off.</source>
        <translation>从训练图像中留出（按类别分层）的比例，每轮结束后用作验证集。0 表示关闭验证。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> %</source>
        <translation>%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Validation:</source>
        <translation>验证集(&amp;V)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train on a class-balanced subset of at most this many images: quick experiments. 0 uses them all.</source>
        <translation>在类别均衡的子集上训练，子集最多包含此数量的图像，适合快速实验。0 表示使用全部图像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training images:</source>
        <translation>训练图像：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Resize every image so its shorter side has this many pixels, then cut the centre square of the crop size: what models pretrained on ImageNet expect (256 then 224). Larger images cost time: a 224-pixel image is 64 times a 28-pixel one.</source>
        <translation>将每张图像缩放到短边为此像素数，再从中心裁剪出边长为裁剪尺寸的正方形：这正是在 ImageNet 上预训练的模型所期望的输入（先 256 再 224）。图像越大越耗时：224 像素的图像是 28 像素图像的 64 倍。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>resize </source>
        <translation>缩放 </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>as stored</source>
        <translation>保持原尺寸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The square each model sees (0: the whole image).</source>
        <translation>每个模型看到的正方形区域（0：整张图像）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>crop </source>
        <translation>裁剪 </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no crop</source>
        <translation>不裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training images: a random square of the crop size instead of the centre one (evaluation always uses the centre).</source>
        <translation>训练图像：裁剪尺寸的随机正方形，而非中心正方形（评估始终使用中心裁剪）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Model input:</source>
        <translation>模型输入：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This dataset&apos;s mean and std</source>
        <translation>本数据集的均值和标准差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ImageNet&apos;s mean and std</source>
        <translation>ImageNet 的均值和标准差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic: ImageNet&apos;s mean and std (0.485, 0.456, 0.406 / 0.229, 0.224, 0.225; for gray images their averages) when a model starts from pretrained weights, else the training images&apos; own.</source>
        <translation>自动：模型从预训练权重开始时使用 ImageNet 的均值和标准差（0.485, 0.456, 0.406 / 0.229, 0.224, 0.225；灰度图像取其平均值），否则使用训练图像自身的均值和标准差。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Normalisation:</source>
        <translation>归一化：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Random crop after padding each side with this many zero pixels (CIFAR recipes use 4). 0: off.</source>
        <translation>每边先填充此数量的零像素，再随机裁剪（CIFAR 的常用实验方案取 4）。0：关闭。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>crop ±</source>
        <translation>裁剪 ±</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>h-flip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mirror half of the training images left to right.</source>
        <translation>将一半训练图像左右镜像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>v-flip</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flip half of the training images upside down (rarely helps).</source>
        <translation>将一半训练图像上下翻转（很少有帮助）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Augment:</source>
        <translation>数据增强：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Random erasing (Zhong et al. 2017): probability that a random rectangle of each training image is blanked.</source>
        <translation>随机擦除（Zhong 等，2017）：每张训练图像中随机矩形区域被擦除的概率。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Random erasing:</source>
        <translation>随机擦除：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Passes over the training images.</source>
        <translation>遍历训练图像的次数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Epochs:</source>
        <translation>轮数(&amp;E)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images per training step. Both models see the very same batches.</source>
        <translation>每个训练步的图像数。两个模型看到完全相同的批次。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Batch size:</source>
        <translation>批大小(&amp;B)：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also measure validation accuracy after every this many batches, on a fixed subset of the validation images, so the first minutes of a run already show how the models generalise. Training is not changed by it.</source>
        <translation>每隔此数量的批次，在验证集图像的一个固定子集上额外测量验证准确率，使运行的最初几分钟就能看出模型的泛化情况。训练本身不受影响。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>at epoch ends only</source>
        <translation>仅在每轮结束时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>every </source>
        <translation>每 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> batches</source>
        <translation> 个批次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation checks:</source>
        <translation>验证检查：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seeds the split, the data order, augmentation and the initial weights: the same seed and settings give the same curves.</source>
        <translation>决定数据划分、数据顺序、数据增强和初始权重：相同的随机种子和设置得到相同的曲线。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train the duel once per seed (the seed above, then the next ones) and compare the runs statistically: curves show the mean ± standard deviation, the table mean ± std and a paired t-test. One run alone cannot tell a real difference from luck.</source>
        <translation>每个随机种子训练一次对比（先用上面的种子，再依次递增），并对各次运行做统计比较：曲线显示均值 ± 标准差，表格显示均值 ± 标准差和配对 t 检验。单次运行无法区分真实差异与运气。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Repeats:</source>
        <translation>重复次数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU threads for training. 0 uses every core.</source>
        <translation>用于训练的 CPU 线程数。0 表示使用所有核心。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all cores (%1)</source>
        <translation>所有核心（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the models train. CUDA appears when LibTorch sees a GPU.</source>
        <translation>模型在哪个设备上训练。LibTorch 检测到 GPU 时才会出现 CUDA 选项。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic (bf16 mixed: this CPU has it)</source>
        <translation>自动（bf16 混合精度：此 CPU 支持）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (fp32: this CPU lacks fast bf16)</source>
        <translation>自动（fp32：此 CPU 缺少快速 bf16）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bf16 mixed precision</source>
        <translation>bf16 混合精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bf16 mixed precision computes convolutions in bfloat16 where the CPU has AVX512-BF16 or AMX (or on CUDA): several times faster for DenseNets, same accuracy.</source>
        <translation>bf16 混合精度在支持 AVX512-BF16 或 AMX 的 CPU 上（或在 CUDA 上）以 bfloat16 计算卷积：DenseNet 快数倍，准确率相同。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each training run gets a folder here with its settings, metrics and checkpoints; File → Open run… shows it again, and the command-line tool resdense can resume it.</source>
        <translation>每次训练运行都会在此处得到一个文件夹，内含设置、指标和检查点；“文件 → 打开运行…”可再次显示，命令行工具 resdense 可以恢复运行。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save runs in:</source>
        <translation>运行保存位置：</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save runs in</source>
        <translation>运行保存位置</translation>
    </message>
    <message>
        <location line="+120"/>
        <source>Choose the dataset&apos;s folder.</source>
        <translation>请选择数据集文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The dataset cannot be read (see the message under it).</source>
        <translation>无法读取数据集（见其下方的消息）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose where to save runs.</source>
        <translation>请选择运行的保存位置。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ExportActions</name>
    <message>
        <location filename="../../ui/export_actions.cpp" line="+39"/>
        <source>Comparison &amp;sheet (PNG, PDF, SVG)…</source>
        <translation>对比表(&amp;S)（PNG、PDF、SVG）…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Loss chart…</source>
        <translation>损失图表(&amp;L)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Accuracy chart…</source>
        <translation>准确率图表(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Epoch metrics as CSV…</source>
        <translation>每轮指标导出为 CSV(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Batch metrics as CSV…</source>
        <translation>每批指标导出为 CSV(&amp;B)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All metrics as &amp;JSON…</source>
        <translation>全部指标导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comparison &amp;report (HTML, PDF)…</source>
        <translation>对比报告(&amp;R)（HTML、PDF）…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Both models&apos; settings, curves, table, confusion matrices, disagreements with Grad-CAM and the verdict, in one file to share</source>
        <translation>两个模型的设置、曲线、对比表、混淆矩阵、带 Grad-CAM 的分歧样本和统计结论，汇总在一个便于分享的文件中</translation>
    </message>
    <message>
        <location line="+20"/>
        <source> vs </source>
        <translation> 对比 </translation>
    </message>
    <message>
        <location line="+3"/>
        <source> on %1</source>
        <translation>，数据集 %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;PDF 文档 (*.pdf);;SVG 绘图 (*.svg)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+8"/>
        <source>There is no run to report on yet: train or open one first.</source>
        <translation>还没有可生成报告的运行：请先训练或打开一个运行。</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+6"/>
        <source>Export report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTML page (*.html *.htm);;PDF document (*.pdf)</source>
        <translation>HTML 网页 (*.html *.htm);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>resdense::ui::Format</name>
    <message>
        <location filename="../../ui/text_format.cpp" line="+37"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
</context>
<context>
    <name>resdense::ui::MainWindow</name>
    <message>
        <location filename="../../ui/main_window.cpp" line="+75"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+308"/>
        <source>Training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location line="-307"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped (resumable)</source>
        <translation>已停止（可恢复）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run opened</source>
        <translation>已打开运行</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No trained model yet.</source>
        <translation>尚无训练好的模型。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Reading the dataset…</source>
        <translation>正在读取数据集…</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Open a finished run first.</source>
        <translation>请先打开一个已完成的运行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Testing the best checkpoints of %1…</source>
        <translation>正在测试 %1 的最佳检查点…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot evaluate the run</source>
        <translation>无法评估该运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test predictions kept in %1.</source>
        <translation>测试集预测已保存到 %1。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Unknown recipe</source>
        <translation>未知的实验方案</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Recipe loaded: %1</source>
        <translation>已载入实验方案：%1</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>&amp;Curves</source>
        <translation>曲线(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;lasses</source>
        <translation>类别(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Disagreements</source>
        <translation>分歧(&amp;D)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Paste image to classify</source>
        <translation>粘贴图像进行分类(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset settings to &amp;defaults</source>
        <translation>恢复默认设置(&amp;D)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fashion-MNIST, ResNet-20 against DenseNet-BC (L=40, k=12)</source>
        <translation>Fashion-MNIST，ResNet-20 对比 DenseNet-BC（L=40，k=12）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Recipes</source>
        <translation>实验方案(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the experiment and both models with a known comparison</source>
        <translation>用一个已知的对比实验填写实验设置和两个模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ResNet-20 vs DenseNet-BC-40, from scratch (default)</source>
        <translation>ResNet-20 对比 DenseNet-BC-40，从头训练（默认）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ResNet-18 vs DenseNet-121, pretrained (tutorial)</source>
        <translation>ResNet-18 对比 DenseNet-121，预训练（教程）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ResNet-18 vs DenseNet-121, pretrained, linear probe (fast on a CPU)</source>
        <translation>ResNet-18 对比 DenseNet-121，预训练，线性探测（在 CPU 上也快）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Diagnostics…</source>
        <translation>诊断信息(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About ResDense Workbench</source>
        <translation>关于 ResDense Workbench(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open run…</source>
        <translation>打开运行(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show a run folder written by this window or by the resdense command</source>
        <translation>显示由本窗口或 resdense 命令写入的运行文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;recent</source>
        <translation>最近打开的运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Classify images…</source>
        <translation>分类图像(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Train the enabled models on the same batches (Ctrl+Enter)</source>
        <translation>在相同的批次上训练已启用的模型（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+233"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="-230"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop after the current batch; the run stays resumable</source>
        <translation>在当前批次结束后停止；运行可以恢复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Resume run</source>
        <translation>恢复运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue the shown run from its last checkpoint</source>
        <translation>从最后一个检查点继续所显示的运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show run &amp;folder</source>
        <translation>显示运行文件夹(&amp;F)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Overlaid curves</source>
        <translation>叠加曲线(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Side by side</source>
        <translation>并排(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Fit curves</source>
        <translation>重置曲线缩放(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>F&amp;ull screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Language</source>
        <translation>语言 / Language(&amp;L)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>System (%1)</source>
        <translation>跟随系统（%1）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The workbench shows the new language when it starts again. Restart now? Settings are kept; a running training stops after the current batch and stays resumable.</source>
        <translation>工作台重新启动后才会显示新的语言。现在重新启动吗？设置会保留；正在进行的训练将在当前批次结束后停止，并可恢复。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Restart now</source>
        <translation>立即重新启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Cannot start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Open run folder</source>
        <translation>打开运行文件夹</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Continue</source>
        <translation>继续(&amp;C)</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Training %1 %</source>
        <translation>训练中 %1%</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>&lt;p&gt;Event loop lateness of a 10 ms timer since the last start (%1 samples): median %2 ms, 99th percentile %3 ms, worst %4 ms.&lt;/p&gt;&lt;p&gt;ResDense %5 · LibTorch %6 · OpenCV %7 · Qt %8&lt;br&gt;CUDA: %9 · training threads by default: %10&lt;/p&gt;</source>
        <translation>&lt;p&gt;自上次开始以来 10 ms 定时器的事件循环延迟（%1 个样本）：中位数 %2 ms，第 99 百分位 %3 ms，最差 %4 ms。&lt;/p&gt;&lt;p&gt;ResDense %5 · LibTorch %6 · OpenCV %7 · Qt %8&lt;br&gt;CUDA：%9 · 默认训练线程数：%10&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>built without</source>
        <translation>构建时未包含</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not available</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Diagnostics</source>
        <translation>诊断信息</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>About ResDense Workbench</source>
        <translation>关于 ResDense Workbench</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;ResDense Workbench %1&lt;/h3&gt;&lt;p&gt;Train ResNet and DenseNet image classifiers on the same batches and compare them as they learn.&lt;/p&gt;&lt;p&gt;Models after He et al. (2016) and Huang et al. (2017); LibTorch %2, Qt %3, QCustomPlot.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;ResDense Workbench %1&lt;/h3&gt;&lt;p&gt;在相同的批次上训练残差网络（ResNet）和密集连接网络（DenseNet）图像分类器，并在学习过程中比较它们。&lt;/p&gt;&lt;p&gt;模型依据 He 等（2016）和 Huang 等（2017）；LibTorch %2，Qt %3，QCustomPlot。&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Training is running</source>
        <translation>训练正在进行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop training and quit? Everything up to the current batch is saved in %1 and can be resumed later (Training → Resume run).</source>
        <translation>停止训练并退出吗？截至当前批次的全部内容都保存在 %1 中，之后可以恢复（训练 → 恢复运行）。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ModelCard</name>
    <message>
        <location filename="../../ui/model_card.cpp" line="+47"/>
        <source>Model %1</source>
        <translation>模型 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Untick to train only the other model.</source>
        <translation>取消勾选则只训练另一个模型。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ResNet (CIFAR-style, 6n+2 layers)</source>
        <translation>ResNet（CIFAR 式，6n+2 层）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ResNet (ImageNet-style, 18–152)</source>
        <translation>ResNet（ImageNet 式，18–152）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DenseNet</source>
        <translation>DenseNet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ResNet (He et al. 2016) adds each block&apos;s input to its output; DenseNet (Huang et al. 2017) concatenates every earlier layer&apos;s features.</source>
        <translation>残差网络（ResNet，He 等，2016）把每个块的输入加到其输出上；密集连接网络（DenseNet，Huang 等，2017）拼接之前所有层的特征。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Family:</source>
        <translation>网络类型：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A configuration from the papers; the fields below start from it.</source>
        <translation>论文中的配置；下面各项以它为起点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Layers with weights. CIFAR ResNet: 6n+2 (20, 32, 44, 56, 110). ImageNet ResNet: 18, 34, 50, 101 or 152. DenseNet: 3n+4, and 6n+4 with bottlenecks (40, 100, 250).</source>
        <translation>带权重的层数。CIFAR ResNet：6n+2（20、32、44、56、110）。ImageNet ResNet：18、34、50、101 或 152。DenseNet：3n+4，带瓶颈层时为 6n+4（40、100、250）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Depth:</source>
        <translation>深度：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Multiplier on the stage widths 16-32-64 (wide ResNets use 2-10).</source>
        <translation>各阶段宽度 16-32-64 的倍数（宽残差网络使用 2-10）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Width:</source>
        <translation>宽度倍数：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A: zero-padding identity</source>
        <translation>A：零填充恒等映射</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B: 1×1 projection</source>
        <translation>B：1×1 投影</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How a shortcut changes width between stages: option A adds no parameters (the paper&apos;s CIFAR choice), B learns a 1×1 convolution.</source>
        <translation>捷径连接在阶段之间如何改变宽度：选项 A 不增加参数（论文在 CIFAR 上的选择），B 学习一个 1×1 卷积。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shortcut:</source>
        <translation>捷径连接：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Growth rate k: feature maps each dense layer adds (12, 24, 32, 40).</source>
        <translation>增长率 k：每个密集层增加的特征图数量（12、24、32、40）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Growth rate k:</source>
        <translation>增长率 k：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bottleneck 1×1 layers (BC)</source>
        <translation>1×1 瓶颈层（BC）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DenseNet-B: a 1×1 convolution to 4k maps before each 3×3 one; fewer parameters and MACs at the same depth.</source>
        <translation>DenseNet-B：在每个 3×3 卷积前先用 1×1 卷积降到 4k 个特征图；相同深度下参数量和乘加运算量更少。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>θ: transition layers keep this share of the feature maps (DenseNet-C uses 0.5; 1 keeps all).</source>
        <translation>θ：过渡层保留的特征图比例（DenseNet-C 使用 0.5；1 表示全部保留）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compression θ:</source>
        <translation>压缩系数 θ：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dropout after each dense layer (the paper uses 0.2 without data augmentation, 0 with it).</source>
        <translation>每个密集层之后的 Dropout（随机失活）比例（论文在无数据增强时用 0.2，有数据增强时用 0）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dropout:</source>
        <translation>Dropout：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory-efficient (recompute)</source>
        <translation>省内存（重新计算）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recompute each layer&apos;s concatenation, batch norm and first convolution in the backward pass instead of keeping them (Pleiss et al. 2017): far less memory for deep DenseNets, at the price of some speed. Same results.</source>
        <translation>在反向传播中重新计算每层的拼接、批归一化和第一个卷积，而不保存它们（Pleiss 等，2017）：深层 DenseNet 占用的内存少得多，代价是速度稍慢。结果相同。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Small images (3×3 conv)</source>
        <translation>小图像（3×3 卷积）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ImageNet (7×7 conv + max-pool)</source>
        <translation>ImageNet（7×7 卷积 + 最大池化）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first layers. ImageNet&apos;s stem shrinks the image 4× at once, which suits 224-pixel photos, not 28-pixel ones.</source>
        <translation>最前面的几层。ImageNet 的起始层一次把图像缩小 4 倍，适合 224 像素的照片，不适合 28 像素的图像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stem:</source>
        <translation>起始层：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Random initialisation</source>
        <translation>随机初始化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ImageNet weights (torch hub cache)</source>
        <translation>ImageNet 权重（torch hub 缓存）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights file…</source>
        <translation>权重文件…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer learning: start from weights trained on ImageNet (torchvision&apos;s resnet18-152 and densenet121-201, found where torchvision keeps its downloads; nothing is downloaded) or from a weights file. The classifier is new when the class count differs; gray images use the colour stem&apos;s weights summed.</source>
        <translation>迁移学习：从在 ImageNet 上训练的权重（torchvision 的 resnet18-152 和 densenet121-201，在 torchvision 存放下载文件的位置查找；不会下载任何内容）或从权重文件开始。类别数不同时分类器是新建的；灰度图像使用彩色起始层权重之和。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Start from:</source>
        <translation>初始权重：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>torch.save state dict or ResDense checkpoint</source>
        <translation>torch.save 保存的 state dict 或 ResDense 检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights file:</source>
        <translation>权重文件：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All layers (fine-tune)</source>
        <translation>所有层（微调）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classifier only (linear probe)</source>
        <translation>仅分类器（线性探测）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All but the stem and stage 1</source>
        <translation>除起始层和阶段 1 外的所有层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All but the stem and stages 1–2</source>
        <translation>除起始层和阶段 1–2 外的所有层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All but the stem and stages 1–3</source>
        <translation>除起始层和阶段 1–3 外的所有层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which layers training changes. Frozen layers keep their weights and their batch-norm statistics; a linear probe trains only the classifier and is by far the fastest on a CPU.</source>
        <translation>训练会改变哪些层。冻结的层保持其权重和批归一化统计量；线性探测只训练分类器，在 CPU 上远比其他选项快。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Train:</source>
        <translation>训练范围：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The classifier&apos;s learning rate, as a multiple of the others&apos; (a new head often learns faster at 10×).</source>
        <translation>分类器的学习率，为其他层学习率的倍数（新的分类头用 10× 往往学得更快）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>× </source>
        <translation>× </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Head learning rate:</source>
        <translation>分类头学习率：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD with momentum is what both papers used; AdamW decouples weight decay from the adaptive step.</source>
        <translation>两篇论文都使用带动量的 SGD；AdamW 将权重衰减与自适应步长解耦。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optimizer:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Peak learning rate (for one-cycle: the maximum). SGD: about 0.1; Adam: about 0.001.</source>
        <translation>峰值学习率（单周期调度时为最大值）。SGD：约 0.1；Adam：约 0.001。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD momentum (0.9 in both papers).</source>
        <translation>SGD 动量（两篇论文均为 0.9）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov momentum: looks ahead along the momentum direction.</source>
        <translation>Nesterov 动量：沿动量方向向前看一步。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Momentum:</source>
        <translation>动量：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L2 penalty on the weights (5e-4 for CIFAR ResNets, 1e-4 for DenseNets); not applied to batch-norm weights and biases.</source>
        <translation>权重的 L2 惩罚（CIFAR ResNet 用 5e-4，DenseNet 用 1e-4）；不作用于批归一化的权重和偏置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>One-cycle</source>
        <translation>单周期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multi-step (÷10 at 50 % and 75 %)</source>
        <translation>多步（在 50% 和 75% 处 ÷10）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How the learning rate moves over the run. One-cycle (Smith 2018) rises then anneals and trains fastest in few epochs; multi-step is the papers&apos; schedule.</source>
        <translation>学习率在运行过程中如何变化。单周期（Smith，2018）先升后降，在较少轮数内训练最快；多步是论文使用的调度。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Schedule:</source>
        <translation>学习率调度：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Epochs of linear warm-up from 0 (not used by one-cycle, which has its own).</source>
        <translation>从 0 开始线性预热的轮数（单周期不使用，它有自己的预热）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Warm-up epochs:</source>
        <translation>预热轮数：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label smoothing: the target puts this share of probability on the other classes (0.1 is common).</source>
        <translation>标签平滑：目标分布把这部分概率分给其他类别（常用 0.1）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label smoothing:</source>
        <translation>标签平滑：</translation>
    </message>
    <message>
        <location line="+218"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 parameters · %3 MACs per image&lt;br&gt;≈ %4 of activations per batch of %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;参数量 %2 · 每张图像乘加运算量 %3&lt;br&gt;每批 %5 张图像的激活值约 %4</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>%1 — counting…</source>
        <translation>%1 — 正在统计…</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ModelCards</name>
    <message>
        <location filename="../../ui/model_cards.cpp" line="+51"/>
        <source>Switch on at least one model.</source>
        <translation>请至少启用一个模型。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Model %1: %2</source>
        <translation>模型 %1：%2</translation>
    </message>
</context>
<context>
    <name>resdense::ui::PerClassWidget</name>
    <message>
        <location filename="../../ui/classes_view.cpp" line="+51"/>
        <source>Accuracy per class</source>
        <translation>各类别准确率</translation>
    </message>
</context>
<context>
    <name>resdense::ui::PredictionView</name>
    <message>
        <location filename="../../ui/prediction_view.cpp" line="+121"/>
        <source>no
preview</source>
        <translation>无
预览</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>This is not an image that can be read.</source>
        <translation>这不是可以读取的图像。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No trained model yet: start training, or open a run (File → Open run…), then drop the image again.</source>
        <translation>尚无训练好的模型：请开始训练或打开一个运行（文件 → 打开运行…），然后再次拖放该图像。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>⚠ The models disagree.</source>
        <translation>⚠ 两个模型的判断不一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>✓ Both models agree.</source>
        <translation>✓ 两个模型的判断一致。</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>not in
its top 5</source>
        <translation>不在其
前 5 名中</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Grad-CAM of %1 for “%2”: where the model found evidence for this class (red: most). Click a class in a list to see its map.</source>
        <translation>%1 对“%2”的 Grad-CAM：模型在哪里找到了该类别的证据（红色最强）。点击列表中的类别可查看其热力图。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::Problem</name>
    <message>
        <location filename="../../ui/problem_text.cpp" line="+29"/>
        <source>The learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam&apos;s beta</source>
        <translation>Adam 的 β</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam&apos;s epsilon</source>
        <translation>Adam 的 ε</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gradient clipping norm</source>
        <translation>梯度裁剪的范数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The multi-step factor</source>
        <translation>多步调度的衰减系数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The cosine schedule&apos;s lowest learning rate</source>
        <translation>余弦调度的最低学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A multi-step milestone (epoch)</source>
        <translation>多步调度的里程碑（轮次）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warm-up (epochs)</source>
        <translation>预热（轮数）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The one-cycle schedule&apos;s rising share</source>
        <translation>单周期调度的上升比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The one-cycle start divisor</source>
        <translation>单周期调度的起始除数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The one-cycle final divisor</source>
        <translation>单周期调度的最终除数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The head learning rate multiple</source>
        <translation>分类头学习率的倍数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Growth rate k</source>
        <translation>增长率 k</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compression θ</source>
        <translation>压缩系数 θ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dropout</source>
        <translation>Dropout（随机失活）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bottleneck width factor</source>
        <translation>瓶颈层的宽度系数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The stem&apos;s feature maps</source>
        <translation>起始层的特征图数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number of classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The width multiplier</source>
        <translation>宽度倍数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads (0: all cores)</source>
        <translation>线程数（0：全部核心）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The number of processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation checks every N batches (0: off)</source>
        <translation>每 N 个批次的验证检查（0：关闭）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The validation check&apos;s images (0: all)</source>
        <translation>验证检查的图像数（0：全部）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image size (px)</source>
        <translation>图像尺寸（像素）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The training image limit (0: all)</source>
        <translation>训练图像数上限（0：全部）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The test image limit (0: all)</source>
        <translation>测试图像数上限（0：全部）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The validation fraction</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resize (px, 0: off)</source>
        <translation>缩放尺寸（像素，0：关闭）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Crop (px, 0: off)</source>
        <translation>裁剪尺寸（像素，0：关闭）</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>%1 must be in %2; got %3</source>
        <translation>%1必须在 %2 之内；当前为 %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 must not be negative; got %2</source>
        <translation>%1不能为负数；当前为 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 must be at least 1; got %2</source>
        <translation>%1至少为 1；当前为 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CIFAR ResNet depth must be 6n+2 (20, 32, 44, 56, 110, …); got %1</source>
        <translation>CIFAR ResNet 的深度必须为 6n+2（20、32、44、56、110、…）；当前为 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DenseNet depth L must be 3n+4 (40, 100, …); got %1</source>
        <translation>DenseNet 的深度 L 必须为 3n+4（40、100、…）；当前为 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DenseNet-BC depth L must be 6n+4 (40, 100, 190, 250, …); got %1</source>
        <translation>DenseNet-BC 的深度 L 必须为 6n+4（40、100、190、250、…）；当前为 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ImageNet ResNet depth must be 18, 34, 50, 101 or 152; got %1</source>
        <translation>ImageNet ResNet 的深度必须为 18、34、50、101 或 152；当前为 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The shortcut must be A (zero-padding identity) or B (1×1 projection); got “%1”</source>
        <translation>捷径连接必须为 A（零填充恒等映射）或 B（1×1 投影）；当前为“%1”</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every dense block needs at least one dense layer</source>
        <translation>每个密集块至少需要一个密集层</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unknown network family</source>
        <translation>未知的网络类型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nesterov momentum needs a momentum above 0</source>
        <translation>Nesterov 动量要求动量大于 0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>torchvision publishes ImageNet weights only for ResNet-18 to -152 and DenseNet-121 to -201 with their ImageNet stem</source>
        <translation>torchvision 只发布了 ResNet-18 至 ResNet-152 和 DenseNet-121 至 DenseNet-201（使用 ImageNet 起始层）的 ImageNet 权重</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The weights file&apos;s SHA-256 must be 64 hexadecimal digits</source>
        <translation>权重文件的 SHA-256 必须是 64 位十六进制数字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frozen layers must be none, backbone or stages:K; got “%1”</source>
        <translation>冻结的层必须为 none、backbone 或 stages:K；当前为“%1”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Channels must be 1 (gray) or 3 (color), or 0 for the dataset&apos;s own; got %1</source>
        <translation>通道数必须为 1（灰度）或 3（彩色），0 表示沿用数据集的通道数；当前为 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The crop (%1 px) must not be larger than the resized image (%2 px)</source>
        <translation>裁剪尺寸（%1 像素）不能大于缩放后的图像（%2 像素）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Normalisation must be auto, dataset or imagenet; got “%1”</source>
        <translation>归一化必须为 auto、dataset（数据集自身的均值和标准差）或 imagenet；当前为“%1”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A run trains one or two models; got %1</source>
        <translation>一次运行训练一个或两个模型；当前为 %1 个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each of the %1 processes needs a share of every batch: the batch size must be at least %1; got %2</source>
        <translation>%1 个进程中的每一个都需要分到每个批次的一部分：批大小至少为 %1；当前为 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The device must be cpu or cuda; got “%1”</source>
        <translation>设备必须为 cpu 或 cuda；当前为“%1”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A model&apos;s slot name must be 1 to 32 lower-case letters, digits or “_”; got “%1”</source>
        <translation>模型的槽位名称必须由 1 到 32 个小写字母、数字或“_”组成；当前为“%1”</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The two models need different slot names</source>
        <translation>两个模型需要不同的槽位名称</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Model %1: %2</source>
        <translation>模型 %1：%2</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ReportBuilder</name>
    <message>
        <location filename="../../ui/report_builder.cpp" line="+235"/>
        <location line="+372"/>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <location line="-323"/>
        <source>Comparison report: %1</source>
        <translation>对比报告：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> vs </source>
        <translation> 对比 </translation>
    </message>
    <message>
        <location line="+18"/>
        <source>interrupted after epoch %1 of %2 (resumable)</source>
        <translation>在第 %1/%2 轮后中断（可恢复）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>stopped after epoch %1 of %2</source>
        <translation>在第 %1/%2 轮后停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>completed (epochs: %1)</source>
        <translation>已完成（轮数：%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Dataset: %1 · %2</source>
        <translation>数据集：%1 · %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run folder: %1</source>
        <translation>运行文件夹：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report made on %1 by ResDense Workbench %2</source>
        <translation>由 ResDense Workbench %2 于 %1 生成</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not everything is in this report.</source>
        <translation>本报告内容不完整。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>interrupted (resumable)</source>
        <translation>已中断（可恢复）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Only A right on %1 test images, only B right on %2; McNemar exact p = %3. B − A = %4 points (95 % bootstrap interval %5 to %6).</source>
        <translation>仅 A 判对的测试图像 %1 张，仅 B 判对的 %2 张；McNemar 精确检验 p = %3。B − A = %4 个百分点（95% 自助法区间 %5 至 %6）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No statistical verdict: %1</source>
        <translation>没有统计结论：%1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Bold: the better of the two. Test accuracy is the final weights&apos; on the test split; the significance test compares the two models&apos; answers image by image on it.</source>
        <translation>粗体：两者中较好的一方。测试准确率是最终权重在测试集上的结果；显著性检验在测试集上逐图像比较两个模型的回答。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The run has no metrics yet.</source>
        <translation>该运行还没有指标。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Loss per epoch</source>
        <translation>每轮损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy per epoch</source>
        <translation>每轮准确率</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Solid lines: training, per batch, smoothed (EMA 0.6); dashed with dots: validation after each epoch; a star: the best epoch. Loss on a logarithmic scale.</source>
        <translation>实线：训练，按批次，经平滑（EMA 0.6）；带圆点的虚线：每轮之后的验证；星号：最佳轮次。损失使用对数坐标。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>SGD, lr %1, Nesterov momentum %2</source>
        <translation>SGD，学习率 %1，Nesterov 动量 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD, lr %1, momentum %2</source>
        <translation>SGD，学习率 %1，动量 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1, lr %2, betas %3 and %4</source>
        <translation>%1，学习率 %2，β 为 %3 和 %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>, weight decay %1</source>
        <translation>，权重衰减 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (norms and biases too)</source>
        <translation>（也包括归一化层和偏置）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>multi-step: × %1 at epochs %2</source>
        <translation>多步：在第 %2 轮 × %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cosine down to %1</source>
        <translation>余弦，降至 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>one-cycle: rising for %1 % of the steps, from lr / %2</source>
        <translation>单周期：前 %1% 的训练步上升，起点为学习率 / %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>, %1 warm-up epochs</source>
        <translation>，%1 轮预热</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starts from</source>
        <translation>初始权重</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>random initialisation (seeded)</source>
        <translation>随机初始化（固定随机种子）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>nothing: every layer trains</source>
        <translation>无：所有层都参与训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the backbone: only the classifier trains</source>
        <translation>主干网络：只训练分类器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Classifier learning rate</source>
        <translation>分类器学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>× %1</source>
        <translation>× %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>norm %1</source>
        <translation>范数 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Both models</source>
        <translation>两个模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, at most %1 training images</source>
        <translation>，最多 %1 张训练图像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, at most %1 test images</source>
        <translation>，最多 %1 张测试图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Validation split</source>
        <translation>验证集划分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 % of the training images</source>
        <translation>训练图像的 %1%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 px</source>
        <translation>%1 px</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>resized to %1 px</source>
        <translation>缩放到 %1 px</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>random %1 px crop</source>
        <translation>随机 %1 px 裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>centre %1 px crop</source>
        <translation>中心 %1 px 裁剪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>normalised: %1</source>
        <translation>归一化：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>random crop after %1 px padding</source>
        <translation>%1 px 填充后随机裁剪</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>horizontal flips</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>vertical flips</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>random erasing (p = %1)</source>
        <translation>随机擦除（p = %1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This run has no predictions to count.</source>
        <translation>该运行没有可统计的预测。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>On the test split, with each model&apos;s best checkpoint.</source>
        <translation>在测试集上，使用每个模型的最佳检查点。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the test split, with each model&apos;s final weights.</source>
        <translation>在测试集上，使用每个模型的最终权重。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On the validation split after the last epoch: this run has no test results.</source>
        <translation>在最后一轮之后的验证集上：该运行没有测试结果。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>A − B (points of each row)</source>
        <translation>A − B（每行的百分点）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The difference: blue where A puts more of the row&apos;s images, red where B does. On the diagonal, blue means A is right more often.</source>
        <translation>差值：蓝色表示 A 把该行更多的图像归入此处，红色表示 B 更多。在对角线上，蓝色表示 A 更常正确。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+41"/>
        <source>Accuracy per class</source>
        <translation>各类别准确率</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>All classes</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Where the models disagree</source>
        <translation>模型之间的分歧</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Needs both models&apos; test predictions, which this run does not have (see the note above).</source>
        <translation>需要两个模型的测试集预测，而该运行没有（见上方说明）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Only A right</source>
        <translation>仅 A 正确</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only B right</source>
        <translation>仅 B 正确</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Both wrong</source>
        <translation>两者都错</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Up to %1 test images of each kind, the most confident mistake first, from the predictions the confusion matrices above count. Each shows the image, then where A and where B looked: the Grad-CAM of the class the model chose, red where it looked most.</source>
        <translation>每种情况最多 %1 张测试图像，置信度最高的错误在前，取自上方混淆矩阵所统计的预测。每项先显示图像，再显示 A 和 B 各自关注的位置：模型所选类别的 Grad-CAM，红色表示关注最多。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 (test images: %2)</source>
        <translation>%1（测试图像：%2）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>test image %1</source>
        <translation>测试图像 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>image</source>
        <translation>图像</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Grad-CAM of %1</source>
        <translation>%1 的 Grad-CAM</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>where %1 looked</source>
        <translation>%1 关注的位置</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>(image not available)</source>
        <translation>（图像不可用）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>#%1 · true: %2</source>
        <translation>#%1 · 真实：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A: %1</source>
        <translation>A：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B: %1</source>
        <translation>B：%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Environment</source>
        <translation>运行环境</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The run</source>
        <translation>该运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (asked for: %2)</source>
        <translation>%1（请求的是：%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory format</source>
        <translation>内存格式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>channels last (NHWC)</source>
        <translation>通道在后（NHWC）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NCHW</source>
        <translation>NCHW</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wall time</source>
        <translation>总耗时</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This computer (where the report was made)</source>
        <translation>本机（生成报告的计算机）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 (cores: %2)</source>
        <translation>%1（核心：%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OpenCV</source>
        <translation>OpenCV</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not built in</source>
        <translation>构建时未包含</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ResDense</source>
        <translation>ResDense</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The run folder does not record the computer it ran on: times and speeds above were measured there, the second table describes the computer that made this report.</source>
        <translation>运行文件夹不记录运行它的计算机：上面的时间和速度是在那台计算机上测得的，第二个表格描述的是生成本报告的计算机。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::ReportWriter</name>
    <message>
        <location filename="../../ui/report_writer.cpp" line="+140"/>
        <source>Reports are written as .html or .pdf, not “%1”.</source>
        <translation>报告只能写成 .html 或 .pdf，不能是“%1”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot write the report %1: %2</source>
        <translation>无法写入报告 %1：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot make a report of %1: %2</source>
        <translation>无法为 %1 生成报告：%2</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+5"/>
        <source>Writing the report %1 failed (%2); any earlier file there is unchanged.</source>
        <translation>写入报告 %1 失败（%2）；该位置原有的文件保持不变。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::RunInsight</name>
    <message>
        <location filename="../../ui/run_insight.cpp" line="+37"/>
        <source>Model %1&apos;s test predictions cannot be read: %2</source>
        <translation>无法读取模型 %1 的测试集预测：%2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Model %1&apos;s validation predictions cannot be read: %2</source>
        <translation>无法读取模型 %1 的验证集预测：%2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Model %1&apos;s checkpoint cannot be loaded for Grad-CAM: %2</source>
        <translation>无法载入模型 %1 的检查点以计算 Grad-CAM：%2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>No test predictions for model %1: the run was made before the workbench kept them, or stopped before testing. Evaluate the best checkpoint on the test set to get them.</source>
        <translation>模型 %1 没有测试集预测：该运行早于工作台开始保存预测，或在测试前已停止。请在测试集上评估最佳检查点以得到它们。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The test images cannot be shown: %1</source>
        <translation>无法显示测试图像：%1</translation>
    </message>
</context>
<context>
    <name>resdense::ui::RunSession</name>
    <message>
        <location filename="../../ui/run_session.cpp" line="+44"/>
        <source>Only A right on %1 test images, only B right on %2; McNemar exact p = %3. B − A = %4 points (95 % bootstrap interval %5 to %6).</source>
        <translation>仅 A 判对的测试图像 %1 张，仅 B 判对的 %2 张；McNemar 精确检验 p = %3。B − A = %4 个百分点（95% 自助法区间 %5 至 %6）。</translation>
    </message>
    <message>
        <location line="+65"/>
        <location line="+11"/>
        <source>Cannot start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Cannot create the runs folder %1.</source>
        <translation>无法创建保存运行的文件夹 %1。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Drop an image: both models classify it with their weights as they are now.</source>
        <translation>拖放一张图像：两个模型会用当下的权重对其分类。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Loading the dataset and building the models…</source>
        <translation>正在载入数据集并构建模型…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Repeat %1 of %2 (seed %3): loading the dataset and building the models…</source>
        <translation>第 %1/%2 次重复（随机种子 %3）：正在载入数据集并构建模型…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Cannot resume</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Resuming %1…</source>
        <translation>正在恢复 %1…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cannot open a run</source>
        <translation>无法打开运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the training first.</source>
        <translation>请先停止训练。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+22"/>
        <location line="+28"/>
        <source>Cannot open the run</source>
        <translation>无法打开该运行</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>%1 holds repeats, but none of them has started yet.</source>
        <translation>%1 包含重复运行，但都还没有开始。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>interrupted (resumable)</source>
        <translation>已中断（可恢复）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run opened: %1 of %2 epochs done; Training → Resume run continues it.</source>
        <translation>已打开运行：已完成 %1/%2 轮；“训练 → 恢复运行”可继续。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run opened: finished.</source>
        <translation>已打开运行：已完成。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run opened from its metrics; its summary.json was set aside: %1</source>
        <translation>已根据指标文件打开运行；其 summary.json 已被移到一旁：%1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Loading the models…</source>
        <translation>正在载入模型…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This run has no checkpoints to classify with.</source>
        <translation>该运行没有可用于分类的检查点。</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批次结束后停止…</translation>
    </message>
    <message>
        <location filename="../../ui/run_session_reports.cpp" line="+33"/>
        <source>Training %1 on %2 threads, %3, from epoch %4</source>
        <translation>训练运行 %1：%2 个线程，%3，从第 %4 轮开始</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Model %1 diverged and was stopped: %2. The other model goes on.</source>
        <translation>模型 %1 发散，已停止：%2。另一个模型继续训练。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Done in %1</source>
        <translation>已完成，用时 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Stopped. The run can be resumed: Training → Resume run.</source>
        <translation>已停止。该运行可以恢复：训练 → 恢复运行。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Epoch %1/%2</source>
        <translation>第 %1/%2 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>batch %1/%2</source>
        <translation>批次 %1/%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2 img/s</source>
        <translation>%1：%2 图像/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>ETA %1</source>
        <translation>预计剩余 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ETA …</source>
        <translation>预计剩余 …</translation>
    </message>
</context>
<context>
    <name>resdense::ui::Slot</name>
    <message>
        <location filename="../../ui/text_format.cpp" line="+13"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B</source>
        <translation>B</translation>
    </message>
</context>
<context>
    <name>resdense::ui::SnapshotClassifiers</name>
    <message>
        <location filename="../../ui/snapshot_classifiers.cpp" line="+99"/>
        <source>%1 is a folder, not an image.</source>
        <translation>%1 是文件夹，不是图像。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 does not exist.</source>
        <translation>%1 不存在。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 is too large to be an image (%2).</source>
        <translation>%1 太大，不可能是图像（%2）。</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 could not be classified: it is not an image the models can read (%2).</source>
        <translation>无法分类 %1：它不是模型能读取的图像（%2）。</translation>
    </message>
</context>
<context>
    <name>resdense::ui::Status</name>
    <message>
        <location filename="../../ui/text_format.cpp" line="+7"/>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>resdense::ui::TrainingController</name>
    <message>
        <location filename="../../ui/training_controller.cpp" line="+72"/>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
</context>
</TS>
